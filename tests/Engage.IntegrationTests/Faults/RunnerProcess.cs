using System.Diagnostics;
using System.Text;
using Engage.LocalRunner.Azurite;
using Engage.LocalRunner.Hosting;

namespace Engage.IntegrationTests.Faults;

/// <summary>
/// The local runner (Engage.LocalRunner.dll, as built next to the tests) in a child process on a free port, configured
/// through environment variables as an operator would. <see cref="Kill"/> sends SIGKILL: no finally block, no message
/// release, no shutdown hook runs in it, which is what a crashed host or a recycled VM does to work in flight.
/// </summary>
public sealed class RunnerProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private RunnerProcess(Process process, string baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    /// <summary>Where it serves.</summary>
    public string BaseUrl { get; }

    /// <summary>What it printed so far (for failure messages).</summary>
    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    /// <summary>Starts the runner with <paramref name="settings"/> (keys as in configuration, <c>:</c> separated) and waits until it serves.</summary>
    public static async Task<RunnerProcess> StartAsync(IEnumerable<KeyValuePair<string, string?>> settings, TimeSpan timeout)
    {
        var baseUrl = $"http://127.0.0.1:{FreePorts.Take(1)[0]}";
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot.Find(),
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Engage.LocalRunner.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(baseUrl);
        foreach (var (key, value) in settings) start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        var runner = new RunnerProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start."), baseUrl);
        runner._process.OutputDataReceived += (_, e) => runner.Append(e.Data);
        runner._process.ErrorDataReceived += (_, e) => runner.Append(e.Data);
        runner._process.BeginOutputReadLine();
        runner._process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (runner._process.HasExited) throw new InvalidOperationException($"The runner exited with {runner._process.ExitCode}: {runner.Output}");
            try
            {
                if ((await http.GetAsync(baseUrl + LocalFunctionsHost.FunctionsPath)).IsSuccessStatusCode) return runner;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
            if (DateTime.UtcNow > deadline)
            {
                runner.Kill();
                throw new TimeoutException($"The runner did not serve within {timeout}: {runner.Output}");
            }
            await Task.Delay(200);
        }
    }

    /// <summary>SIGKILL, then waits for the process to be gone.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit(TimeSpan.FromSeconds(10));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }
}
