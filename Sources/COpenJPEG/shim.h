// OpenJPEG (Debian's libopenjp2-7-dev): chip portraits (DG2) in JPEG 2000.
#include <openjpeg.h>
