using Engage.LocalRunner;
using Engage.LocalRunner.Azurite;
using Engage.LocalRunner.Hosting;

// Serves Engage.Functions locally: see EngageRunner, and scripts/run-local.sh for the usual way to start it.
RunnerFlags flags;
try
{
    flags = RunnerFlags.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

try
{
    var options = EngageRunner.CreateOptions(flags.Urls);
    if (flags.DemoBridge)
    {
        EngageRunner.UseDemoBridge(options);
        // The demo chat bot reads the event log every second: its calls' log lines would bury everything else.
        var configure = options.ConfigureLogging;
        options.ConfigureLogging = logging =>
        {
            configure?.Invoke(logging);
            logging.AddFilter("Function.ListEvents", Microsoft.Extensions.Logging.LogLevel.Warning);
        };
    }
    await using var azurite = flags.Azurite ? await AzuriteProcess.StartAsync(new AzuriteOptions { Location = EngageRunner.AzuriteLocation() }) : null;
    if (azurite is not null)
    {
        EngageRunner.UseAzurite(options, azurite);
        EngageRunner.UseLocalSecretKey(options);
        Console.WriteLine($"Azurite (PID {azurite.ProcessId}) on ports {azurite.BlobPort}/{azurite.QueuePort}/{azurite.TablePort}, data in {azurite.Location}, log {azurite.LogFile}");
        // Azurite's account key is its public, documented development key: printing it gives nothing away.
        Console.WriteLine($"Storage connection string (for engage poison list --storage): {azurite.ConnectionString}");
    }

    await using var host = LocalFunctionsHost.Create(options);
    using var stopDemoBot = new CancellationTokenSource();
    var demoBot = Task.CompletedTask;
    HttpClient? demoBotHttp = null;
    var bootstrap = flags.Bootstrap ? await EngageRunner.BootstrapAsync(host, CancellationToken.None) : null;
    await host.StartAsync();
    Console.WriteLine($"Engage local runner listening on {host.BaseUrl} ({host.Functions.Count} functions; list at {host.BaseUrl}{LocalFunctionsHost.FunctionsPath})");
    if (bootstrap is not null) Console.WriteLine(bootstrap);
    if (bootstrap is not null && flags.DemoBridge) Console.WriteLine(await EngageRunner.ConnectDemoBridgeAsync(host, bootstrap, CancellationToken.None));
    if (bootstrap is not null && flags.DemoBridge)
    {
        var chatSource = await Engage.LocalRunner.DemoChat.DemoChatPage.EnsureSourceAsync(host.Services, host.BaseUrl, CancellationToken.None);
        Console.WriteLine($"Web chat demo (messaging source {chatSource}): {host.BaseUrl}{Engage.LocalRunner.DemoChat.DemoChatPage.Path}?source_id={chatSource}");
        demoBotHttp = new HttpClient { BaseAddress = new Uri(host.BaseUrl + "/") };
        var bot = await Engage.LocalRunner.DemoChat.DemoChatBot.CreateAsync(demoBotHttp, bootstrap.Token, chatSource, CancellationToken.None);
        demoBot = bot.RunAsync(TimeSpan.FromSeconds(1), stopDemoBot.Token);
        Console.WriteLine("  A demo bot answers every message there (\"Demo bot: you said ...\").");
    }
    await host.WaitForShutdownAsync();
    await stopDemoBot.CancelAsync();
    await demoBot;
    demoBotHttp?.Dispose();
    return 0;
}
catch (Exception e)
{
    Console.Error.WriteLine($"Engage local runner failed: {e}");
    return 1;
}
