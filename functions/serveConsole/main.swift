import KYCConsole

ConsoleFunction.main()
