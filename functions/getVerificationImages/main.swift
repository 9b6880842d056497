import KYCHandlers

GetVerificationImages.main()
