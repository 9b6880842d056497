import KYCHandlers

GetVerification.main()
