// libqrencode (Debian's libqrencode-dev): QR code symbols for capture links.
#include <qrencode.h>
