# Container image for the image functions (uploadAvatar, uploadPassport, and the capture page's
# uploadCaptureAvatar, uploadCapturePassport, and its frame check checkCaptureFrame; verifyChip, whose
# portraits may be JPEG 2000) on AWS Lambda.
#
# They link dlib, Tesseract and OpenBLAS, which Amazon Linux 2023 does not package, so they ship
# as container images on Debian 12 — the distribution they are built and tested on — instead of
# zips on provided.al2023. The binary speaks the Lambda Runtime API itself, so the image needs no
# runtime interface client. Built by `sam build` from dist/<function>/ (scripts/package).
FROM public.ecr.aws/docker/library/debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends libdlib19.1 libtesseract5 libjpeg62-turbo libopenblas0-pthread libsqlite3-0 libssl3 libcurl4 libqrencode4 libopenjp2-7 ca-certificates && rm -rf /var/lib/apt/lists/*
COPY bootstrap /var/task/bootstrap
COPY models /opt/kyc/models
ENV KYC_MODELS_DIR=/opt/kyc/models OMP_THREAD_LIMIT=1 OPENBLAS_NUM_THREADS=1
ENTRYPOINT ["/var/task/bootstrap"]
