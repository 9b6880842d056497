import KYCHandlers

CreateCaptureHandoff.main()
