import KYCHandlers

DeletePersonalData.main()
