using Azure.Data.Tables;
using Engage.LocalRunner.Azurite;

namespace Engage.IntegrationTests.LocalRunner;

/// <summary>On-disk Azurite keeps what was written just before it was stopped (it is stopped with SIGINT, never killed first).</summary>
public class AzuriteRestartTests
{
    [Fact]
    public async Task Rows_written_just_before_a_stop_are_there_after_a_restart()
    {
        var location = Directory.CreateTempSubdirectory("engage-azurite-restart-").FullName;
        try
        {
            await using (var first = await AzuriteProcess.StartAsync(new AzuriteOptions { Location = location }))
            {
                var table = new TableClient(first.ConnectionString, "Restart");
                await table.CreateIfNotExistsAsync();
                for (var i = 0; i < 20; i++) await table.AddEntityAsync(new TableEntity("p", $"r{i:D2}"));
            }
            await using var second = await AzuriteProcess.StartAsync(new AzuriteOptions { Location = location });
            var rows = new TableClient(second.ConnectionString, "Restart").Query<TableEntity>().Select(e => e.RowKey).ToList();
            Assert.Equal(Enumerable.Range(0, 20).Select(i => $"r{i:D2}"), rows);
        }
        finally
        {
            Directory.Delete(location, recursive: true);
        }
    }
}
