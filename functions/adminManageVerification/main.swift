import KYCHandlers

AdminManageVerification.main()
