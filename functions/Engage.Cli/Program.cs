using Engage.Cli;

return await EngageCli.RunAsync(args, Console.Out, Console.Error);
