import KYCHandlers

ListDeadLetters.main()
