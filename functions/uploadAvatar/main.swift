import KYCHandlers

UploadAvatar.main()
