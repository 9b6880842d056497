import KYCHandlers

GetCaptureProgress.main()
