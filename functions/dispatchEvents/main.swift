import KYCHandlers

DispatchEvents.main()
