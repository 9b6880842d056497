import KYCHandlers

ReplayEvent.main()
