import KYCHandlers

CreateChipNonce.main()
