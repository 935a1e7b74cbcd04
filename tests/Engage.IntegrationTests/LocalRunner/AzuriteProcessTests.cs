using Azure.Storage.Queues;
using Engage.LocalRunner.Azurite;

namespace Engage.IntegrationTests.LocalRunner;

/// <summary>AzuriteProcess: free ports, explicit connection string, clear error when Azurite is not installed.</summary>
[Collection(LocalRunnerCollection.Name)]
public sealed class AzuriteProcessTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task It_runs_on_three_free_ports_and_its_connection_string_works()
    {
        var process = azurite.Azurite;
        int[] ports = [process.BlobPort, process.QueuePort, process.TablePort];
        Assert.Equal(3, ports.Distinct().Count());
        Assert.DoesNotContain(ports, p => p is >= 10000 and <= 10002);
        Assert.Equal(
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AzuriteProcess.AccountKey};" +
            $"BlobEndpoint=http://127.0.0.1:{process.BlobPort}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{process.QueuePort}/devstoreaccount1;" +
            $"TableEndpoint=http://127.0.0.1:{process.TablePort}/devstoreaccount1;",
            process.ConnectionString);

        var queue = new QueueClient(process.ConnectionString, $"probe-{SampleRunner.NewSuffix()}");
        await queue.CreateAsync();
        Assert.True((await queue.ExistsAsync()).Value);
        await queue.DeleteAsync();
    }

    [Fact]
    public async Task An_Azurite_left_running_on_the_data_folder_by_a_killed_runner_is_stopped_before_a_new_one_starts()
    {
        var location = Path.Combine(Path.GetTempPath(), $"azurite-leftover-{SampleRunner.NewSuffix()}");
        // The first is never disposed here, as when its runner was SIGKILLed.
        var leftover = await AzuriteProcess.StartAsync(new AzuriteOptions { Location = location });
        try
        {
            var queue = new QueueClient(leftover.ConnectionString, "kept");
            await queue.CreateAsync();
            await queue.SendMessageAsync("saved by the leftover");

            await using var next = await AzuriteProcess.StartAsync(new AzuriteOptions { Location = location });

            Assert.True(HasExited(leftover.ProcessId), "the leftover Azurite still runs beside the new one");
            var message = (await new QueueClient(next.ConnectionString, "kept").ReceiveMessageAsync()).Value;
            Assert.Equal("saved by the leftover", message?.Body.ToString());
        }
        finally
        {
            await leftover.DisposeAsync();
            Directory.Delete(location, recursive: true);
        }
    }

    private static bool HasExited(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
    }

    [Fact]
    public async Task Without_node_modules_it_says_to_run_npm_ci()
    {
        var root = Directory.CreateTempSubdirectory("engage-no-azurite-").FullName;
        try
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => AzuriteProcess.StartAsync(new AzuriteOptions { RepositoryRoot = root }));
            Assert.Contains("npm ci", error.Message);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
