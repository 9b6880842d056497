import KYCHandlers

CreateUploadSlot.main()
