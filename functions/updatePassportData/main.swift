import KYCHandlers

UpdatePassportData.main()
