import KYCHandlers

CreateCaptureSession.main()
