import KYCHandlers

ListVerifications.main()
