import KYCHandlers

GetVerificationStatus.main()
