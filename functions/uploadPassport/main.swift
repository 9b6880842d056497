import KYCHandlers

UploadPassport.main()
