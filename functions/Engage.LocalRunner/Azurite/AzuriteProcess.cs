using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Engage.LocalRunner.Azurite;

/// <summary>
/// A private Azurite (blob, queue, table) started from the repository's <c>node_modules/azurite</c> on 127.0.0.1
/// with three free ports (or <see cref="AzuriteOptions.Ports"/>), never the default 10000-10002. It runs with <c>--skipApiVersionCheck --disableTelemetry
/// --loose</c>, in memory or in <see cref="AzuriteOptions.Location"/>; its output goes to <see cref="LogFile"/>.
/// Disposing kills its process tree by PID.
/// </summary>
public sealed class AzuriteProcess : IAsyncDisposable, IDisposable
{
    /// <summary>The development storage account.</summary>
    public const string AccountName = "devstoreaccount1";

    /// <summary>The development storage account's well-known key.</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private const int Attempts = 3;
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _logLock = new();
    private int _disposed;

    private AzuriteProcess(Process process, StreamWriter log, string logFile, int[] ports, string? location)
    {
        _process = process;
        _log = log;
        LogFile = logFile;
        (BlobPort, QueuePort, TablePort) = (ports[0], ports[1], ports[2]);
        Location = location;
        ProcessId = process.Id;
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    /// <summary>PID of the Node.js process.</summary>
    public int ProcessId { get; }

    /// <summary>Blob service port.</summary>
    public int BlobPort { get; }

    /// <summary>Queue service port.</summary>
    public int QueuePort { get; }

    /// <summary>Table service port.</summary>
    public int TablePort { get; }

    /// <summary>Data folder, or null when in memory.</summary>
    public string? Location { get; }

    /// <summary>File receiving Azurite's output.</summary>
    public string LogFile { get; }

    /// <summary>Blob endpoint, account path included.</summary>
    public Uri BlobEndpoint => Endpoint(BlobPort);

    /// <summary>Queue endpoint, account path included.</summary>
    public Uri QueueEndpoint => Endpoint(QueuePort);

    /// <summary>Table endpoint, account path included.</summary>
    public Uri TableEndpoint => Endpoint(TablePort);

    /// <summary>Connection string with the three explicit endpoints.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint={BlobEndpoint};QueueEndpoint={QueueEndpoint};TableEndpoint={TableEndpoint};";

    /// <summary>Starts Azurite and waits until its three ports answer.</summary>
    /// <exception cref="InvalidOperationException">Azurite is not installed (run <c>npm ci</c>), Node.js is missing, or Azurite exited.</exception>
    /// <exception cref="TimeoutException">The ports did not answer within <see cref="AzuriteOptions.StartTimeout"/>.</exception>
    public static async Task<AzuriteProcess> StartAsync(AzuriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new AzuriteOptions();
        var root = options.RepositoryRoot ?? RepositoryRoot.Find();
        var script = Path.Combine(root, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException(
                $"Azurite is not installed: {script} is missing. Run `npm ci --ignore-scripts --no-audit --no-fund` in {root}.");
        }
        if (options.Ports is not null && options.Ports.Length != 3) throw new ArgumentException("Ports needs three ports: blob, queue, table.", nameof(options));
        var location = options.Location is null ? null : Path.GetFullPath(options.Location);
        if (location is not null)
        {
            Directory.CreateDirectory(location);
            StopLeftover(location);
        }
        var logFile = options.LogFile ?? (location is null
            ? Path.Combine(Path.GetTempPath(), $"azurite-{Guid.NewGuid():N}.log")
            : Path.Combine(location, "azurite.log"));
        for (var attempt = 1; ; attempt++)
        {
            var azurite = Launch(options.NodeExecutable, script, location, logFile, options.Ports ?? FreePorts.Take(3));
            try
            {
                await azurite.WaitUntilReadyAsync(options.StartTimeout, cancellationToken);
                if (location is not null) await File.WriteAllTextAsync(PidFile(location), azurite.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken);
                return azurite;
            }
            catch (InvalidOperationException) when (attempt < Attempts && azurite.PortWasTaken())
            {
                await azurite.DisposeAsync();
                // Given ports were just freed by the previous run: give the OS a moment rather than new ports.
                if (options.Ports is not null) await Task.Delay(500, cancellationToken);
            }
            catch
            {
                await azurite.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>
    /// Stops Azurite: first with SIGINT, which lets it save its data (on-disk mode), then, if it has not exited
    /// within 10 seconds, by killing its process tree. Closes the log.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        StopGracefully(TimeSpan.FromSeconds(10));
        Kill();
        try
        {
            _process.WaitForExit(TimeSpan.FromSeconds(10));
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
        // Only its own pid file: a later Azurite on the folder may have taken over (see StopLeftover).
        if (Location is not null && File.Exists(PidFile(Location)) && File.ReadAllText(PidFile(Location)).Trim() == ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            File.Delete(PidFile(Location));
        }
        lock (_logLock) _log.Dispose();
    }

    private static string PidFile(string location) => Path.Combine(location, "azurite.pid");

    /// <summary>
    /// Stops an Azurite that an earlier runner started on <paramref name="location"/> and could not stop (it was killed):
    /// two Azurites on one data folder would overwrite each other's data. It gets SIGINT, so it saves its data, then
    /// SIGKILL after 10 seconds. Only a live process whose command line is Azurite's on this folder is touched.
    /// </summary>
    private static void StopLeftover(string location)
    {
        var pidFile = PidFile(location);
        if (!File.Exists(pidFile)) return;
        if (int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid) && IsAzuriteOn(pid, location))
        {
            // Its runner still alive is another run on the same folder, not a leftover: leave both alone.
            if (ParentOf(pid) is { } parent && CommandLine(parent).Any(a => a.EndsWith("Engage.LocalRunner.dll", StringComparison.Ordinal)))
            {
                throw new InvalidOperationException($"Another local runner (pid {parent}) is using {location} with its Azurite (pid {pid}); stop it first, or use another data folder.");
            }
            Console.Error.WriteLine($"azurite: an Azurite left running by an earlier run (pid {pid}) still uses {location}; stopping it.");
            Signals.Interrupt(pid);
            var waited = Stopwatch.StartNew();
            while (IsAzuriteOn(pid, location) && waited.Elapsed < TimeSpan.FromSeconds(10)) Thread.Sleep(100);
            if (IsAzuriteOn(pid, location))
            {
                try
                {
                    using var leftover = Process.GetProcessById(pid);
                    leftover.Kill();
                    leftover.WaitForExit(TimeSpan.FromSeconds(10));
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException)
                {
                    // Gone meanwhile.
                }
            }
        }
        File.Delete(pidFile);
    }

    private static bool IsAzuriteOn(int pid, string location)
    {
        var arguments = CommandLine(pid);
        return arguments.Any(a => a.EndsWith("azurite.js", StringComparison.Ordinal)) && arguments.Contains(location);
    }

    // Linux: /proc names a process's command line, NUL-separated; empty when it is gone.
    private static string[] CommandLine(int pid)
    {
        try
        {
            var cmdline = $"/proc/{pid}/cmdline";
            return File.Exists(cmdline) ? File.ReadAllText(cmdline).Split('\0') : [];
        }
        catch (IOException)
        {
            return [];
        }
    }

    // Linux: the fourth field of /proc/<pid>/stat, after the parenthesised name.
    private static int? ParentOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.TryParse(fields[1], out var parent) ? parent : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private static AzuriteProcess Launch(string node, string script, string? location, string logFile, int[] ports)
    {
        // In its own session, Ctrl-C in the terminal reaches only the runner, which then stops Azurite after it
        // has stopped serving; otherwise Azurite would die first and in-flight requests would fail.
        var ownSession = File.Exists(SetsidPath);
        var start = new ProcessStartInfo(ownSession ? SetsidPath : node)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = location ?? Path.GetTempPath(),
        };
        if (ownSession) start.ArgumentList.Add(node);
        start.ArgumentList.Add(script);
        foreach (var (service, port) in new[] { ("blob", ports[0]), ("queue", ports[1]), ("table", ports[2]) })
        {
            start.ArgumentList.Add($"--{service}Host");
            start.ArgumentList.Add("127.0.0.1");
            start.ArgumentList.Add($"--{service}Port");
            start.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        foreach (var flag in new[] { "--skipApiVersionCheck", "--disableTelemetry", "--loose" }) start.ArgumentList.Add(flag);
        if (location is null)
        {
            start.ArgumentList.Add("--inMemoryPersistence");
        }
        else
        {
            start.ArgumentList.Add("--location");
            start.ArgumentList.Add(location);
        }
        var log = new StreamWriter(new FileStream(logFile, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        log.WriteLine($"--- {DateTimeOffset.UtcNow:O} {node} {string.Join(' ', start.ArgumentList)}");
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start '{node}'.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            log.Dispose();
            throw new InvalidOperationException($"Could not start Node.js ('{node}'): {e.Message}. Install Node.js 20 or later.", e);
        }
        var azurite = new AzuriteProcess(process, log, logFile, ports, location);
        process.OutputDataReceived += (_, e) => azurite.WriteLog(e.Data);
        process.ErrorDataReceived += (_, e) => azurite.WriteLog(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return azurite;
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Azurite exited with code {_process.ExitCode} before it was ready; see {LogFile}.");
            }
            if (await AnswersAsync(BlobPort, cancellationToken) && await AnswersAsync(QueuePort, cancellationToken) && await AnswersAsync(TablePort, cancellationToken))
            {
                return;
            }
            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"Azurite did not answer on ports {BlobPort}, {QueuePort} and {TablePort} within {timeout.TotalSeconds:0} s; see {LogFile}.");
            }
            await Task.Delay(100, cancellationToken);
        }
    }

    private static async Task<bool> AnswersAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(1));
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
            return true;
        }
        catch (Exception e) when (e is SocketException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return false;
        }
    }

    private bool PortWasTaken()
    {
        try
        {
            using var reader = new StreamReader(new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
            return reader.ReadToEnd().Contains("EADDRINUSE", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }

    private void WriteLog(string? line)
    {
        if (line is null) return;
        lock (_logLock)
        {
            if (_disposed == 0) _log.WriteLine(line);
        }
    }

    private void Kill()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
    }

    private void OnProcessExit(object? sender, EventArgs e)
    {
        StopGracefully(TimeSpan.FromSeconds(5));
        Kill();
    }

    // SIGINT: Azurite's own handler saves LokiJS data before exiting; a SIGKILL would lose the last seconds.
    private void StopGracefully(TimeSpan timeout)
    {
        try
        {
            if (_process.HasExited || !OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return;
            if (Signals.Interrupt(_process.Id)) _process.WaitForExit(timeout);
        }
        catch (InvalidOperationException)
        {
        }
    }

    private const string SetsidPath = "/usr/bin/setsid";

    private static Uri Endpoint(int port) => new($"http://127.0.0.1:{port}/{AccountName}");
}
