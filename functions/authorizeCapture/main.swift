import KYCHandlers

AuthorizeCapture.main()
