import KYCHandlers

CreateCaptureUpload.main()
