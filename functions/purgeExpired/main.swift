import KYCHandlers

PurgeExpired.main()
