return await MlNotebooks.Cli.MlnbApp.RunAsync(args);
