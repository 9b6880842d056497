import KYCHandlers

CreateVerification.main()
