using System.Text;
using Azure.Storage.Queues;
using Engage.Cli;
using Engage.IntegrationTests.Api;
using Xunit.Abstractions;

namespace Engage.IntegrationTests.Cli;

/// <summary>The <c>engage</c> CLI against a running instance: sources, users, tokens, webhooks, poison queues, and its exit codes.</summary>
public class CliAdminTests(EngageFixture app, ITestOutputHelper output) : IClassFixture<EngageFixture>
{
    private Task<CliResult> Run(params string[] args) => CliRunner.RunAsync(app, null, args);

    private Task<CliResult> RunAs(string token, params string[] args) => CliRunner.RunAsync(app, token, args);

    [Fact]
    public async Task Sources_add_list_and_rotate_print_the_APIs_JSON()
    {
        var added = await Run("sources", "add", "--name", "CLI bridge", "--endpoint-url", "https://bridge.example.com/engage", "--json");
        Assert.True(added.Code == ExitCodes.Success, added.ToString());
        var id = added.Json.GetProperty("id").GetString()!;
        var secret = added.Json.GetProperty("secret").GetString()!;
        Assert.Equal("CLI bridge", added.Json.GetProperty("name").GetString());
        Assert.Equal("https://bridge.example.com/engage", added.Json.GetProperty("endpoint_url").GetString());
        Assert.False(added.Json.GetProperty("active").GetBoolean());

        var listed = await Run("sources", "list", "--limit", "150", "--json");
        Assert.True(listed.Code == ExitCodes.Success, listed.ToString());
        Assert.Contains(listed.Json.GetProperty("records").EnumerateArray(), s => s.GetProperty("id").GetString() == id);
        Assert.DoesNotContain(secret, listed.Out);

        var table = await Run("sources", "list", "--limit", "150");
        Assert.Equal(ExitCodes.Success, table.Code);
        Assert.Contains(id, table.Out);
        Assert.Contains("CLI bridge", table.Out);

        var rotated = await Run("sources", "rotate", id, "--json");
        Assert.True(rotated.Code == ExitCodes.Success, rotated.ToString());
        Assert.Equal(id, rotated.Json.GetProperty("id").GetString());
        var newSecret = rotated.Json.GetProperty("secret").GetString()!;
        Assert.NotEqual(secret, newSecret);

        // The old secret no longer signs for this source; the new one does.
        var body = EngageFixture.Message("cli-m1", "cli-t1", "Hello");
        using (var old = await app.PushAsync(body, id, secret)) Assert.Equal(422, (int)old.StatusCode);

        var text = await Run("sources", "rotate", id);
        Assert.Equal(ExitCodes.Success, text.Code);
        Assert.Contains("New secret: ", text.Out);
    }

    [Fact]
    public async Task Users_add_with_the_bot_role_and_source_permissions_makes_a_bot_that_cannot_create_sources()
    {
        var sourceId = app.Bootstrap.SourceId;
        var user = await Run("users", "add", "--email", "cli-bot@example.com", "--role", "bot", "--firstname", "Cli", "--source", $"{sourceId}=read,reply", "--json");
        Assert.True(user.Code == ExitCodes.Success, user.ToString());
        var userId = user.Json.GetProperty("id").GetString()!;
        Assert.Equal("cli-bot@example.com", user.Json.GetProperty("email").GetString());
        var permissions = user.Json.GetProperty("sources_permissions").GetProperty(sourceId).EnumerateArray().Select(p => p.GetString()).ToList();
        Assert.Equal(["read", "reply"], permissions);

        var roles = (await app.GetAsync("1.0/roles")).Json.GetProperty("records").EnumerateArray();
        var botRole = roles.Single(r => r.GetProperty("label").GetString() == "bot").GetProperty("id").GetString();
        Assert.Equal(botRole, user.Json.GetProperty("role_id").GetString());

        var listed = await Run("users", "list", "--limit", "150");
        Assert.Equal(ExitCodes.Success, listed.Code);
        Assert.Contains("cli-bot@example.com", listed.Out);
        Assert.Contains("bot", listed.Out);

        var token = await Run("tokens", "add", "--user", userId, "--label", "cli bot", "--json");
        Assert.True(token.Code == ExitCodes.Success, token.ToString());
        var botToken = token.Json.GetProperty("token").GetString()!;

        var reads = await RunAs(botToken, "sources", "list", "--json");
        Assert.True(reads.Code == ExitCodes.Success, reads.ToString());
        Assert.Contains(reads.Json.GetProperty("records").EnumerateArray(), s => s.GetProperty("id").GetString() == sourceId);

        var refused = await RunAs(botToken, "sources", "add", "--name", "Not allowed");
        Assert.Equal(ExitCodes.Auth, refused.Code);
        Assert.Contains("403", refused.Err);
        Assert.Contains("lacks the create_content_source permission", refused.Err);
        Assert.Single(refused.Err.Trim().Split('\n'));
        Assert.Equal("", refused.Out);
    }

    [Fact]
    public async Task Tokens_add_list_and_revoke_and_a_revoked_token_gets_exit_code_4()
    {
        var user = await Run("users", "add", "--email", "cli-token-user@example.com", "--role", "agent", "--json");
        Assert.True(user.Code == ExitCodes.Success, user.ToString());
        var userId = user.Json.GetProperty("id").GetString()!;

        var added = await Run("tokens", "add", "--user", userId, "--label", "to revoke", "--json");
        Assert.True(added.Code == ExitCodes.Success, added.ToString());
        var tokenId = added.Json.GetProperty("id").GetString()!;
        var token = added.Json.GetProperty("token").GetString()!;
        Assert.Equal(ExitCodes.Success, (await RunAs(token, "sources", "list")).Code);

        var listed = await Run("tokens", "list", "--user", userId, "--json");
        Assert.True(listed.Code == ExitCodes.Success, listed.ToString());
        var record = Assert.Single(listed.Json.GetProperty("records").EnumerateArray());
        Assert.Equal(tokenId, record.GetProperty("id").GetString());
        Assert.Equal("to revoke", record.GetProperty("label").GetString());
        Assert.DoesNotContain(token, listed.Out);

        var revoked = await Run("tokens", "revoke", tokenId);
        Assert.True(revoked.Code == ExitCodes.Success, revoked.ToString());
        Assert.Contains(tokenId, revoked.Out);

        var refused = await RunAs(token, "sources", "list");
        Assert.Equal(ExitCodes.Auth, refused.Code);
        Assert.Contains("401", refused.Err);

        var missing = await Run("tokens", "revoke", "000000000000000000000000");
        Assert.Equal(ExitCodes.NotFound, missing.Code);
    }

    [Fact]
    public async Task A_wrong_URL_gives_exit_code_3_and_a_bad_token_exit_code_4()
    {
        var unreachable = await CliRunner.RunAsync("sources", "list", "--url", "http://127.0.0.1:1", "--token", app.AdminToken);
        Assert.Equal(ExitCodes.Unreachable, unreachable.Code);
        Assert.Contains("Cannot reach http://127.0.0.1:1/", unreachable.Err);

        var badToken = await RunAs("not-a-token", "sources", "list");
        Assert.Equal(ExitCodes.Auth, badToken.Code);
        Assert.Contains("Authentication failed (401", badToken.Err);
        Assert.Contains("--token", badToken.Err);
    }

    [Fact]
    public async Task Usage_errors_give_exit_code_2_and_help_lists_the_exit_codes()
    {
        Assert.Equal(ExitCodes.Usage, (await Run("sources", "add")).Code);
        Assert.Equal(ExitCodes.Usage, (await Run("sources", "bogus")).Code);
        Assert.Equal(ExitCodes.Usage, (await Run("users", "add", "--email", "x@example.com", "--role", "bot", "--source", "no-equals-sign")).Code);
        Assert.Equal(ExitCodes.Usage, (await CliRunner.RunAsync("sources", "list", "--url", "not a url", "--token", "t")).Code);

        var refused = await Run("users", "add", "--email", "not-an-email", "--role", "bot");
        Assert.Equal(ExitCodes.Refused, refused.Code);
        Assert.Contains("422", refused.Err);

        var help = await CliRunner.RunAsync("--help");
        Assert.Equal(ExitCodes.Success, help.Code);
        Assert.Contains("Exit codes:", help.Out);
        Assert.Contains("3  cannot reach the URL", help.Out);
    }

    [Fact]
    public async Task Webhooks_list_prints_the_list_or_says_clearly_that_the_server_has_none()
    {
        var result = await Run("webhooks", "list", "--json");
        output.WriteLine(result.ToString());
        if (result.Code == ExitCodes.NotFound)
        {
            Assert.Contains("no webhooks endpoint", result.Err);
            Assert.Single(result.Err.Trim().Split('\n'));
        }
        else
        {
            Assert.True(result.Code == ExitCodes.Success, result.ToString());
            Assert.Equal(System.Text.Json.JsonValueKind.Object, result.Json.ValueKind);
        }
    }

    [Fact]
    public async Task Poison_list_and_requeue_move_a_message_from_outbox_poison_back_to_outbox()
    {
        var storage = app.Azurite.ConnectionString;
        var poison = new QueueClient(storage, "outbox-poison", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await poison.CreateIfNotExistsAsync();
        var rowKey = Guid.NewGuid().ToString("N");
        var text = $"{{\"Table\":\"Outbox\",\"PartitionKey\":\"cli-test\",\"RowKey\":\"{rowKey}\"}}";
        var sent = await poison.SendMessageAsync(new BinaryData(Encoding.UTF8.GetBytes(text)));
        var messageId = sent.Value.MessageId;

        var listed = await CliRunner.RunAsync("poison", "list", "--storage", storage, "--json");
        Assert.True(listed.Code == ExitCodes.Success, listed.ToString());
        Assert.Equal("outbox-poison", listed.Json.GetProperty("queue").GetString());
        var record = listed.Json.GetProperty("records").EnumerateArray().Single(r => r.GetProperty("id").GetString() == messageId);
        Assert.Equal(text, record.GetProperty("text").GetString());

        var table = await CliRunner.RunAsync("poison", "list", "--storage", storage);
        Assert.Equal(ExitCodes.Success, table.Code);
        Assert.Contains(messageId, table.Out);
        output.WriteLine(table.Out);

        var unknown = await CliRunner.RunAsync("poison", "requeue", "--storage", storage, "--id", "no-such-message");
        Assert.Equal(ExitCodes.NotFound, unknown.Code);
        Assert.Contains("no-such-message", unknown.Err);

        var requeued = await CliRunner.RunAsync("poison", "requeue", "--queue", "outbox", "--storage", storage, "--id", messageId, "--json");
        output.WriteLine(requeued.ToString());
        Assert.True(requeued.Code == ExitCodes.Success, requeued.ToString());
        Assert.Equal("outbox", requeued.Json.GetProperty("queue").GetString());
        Assert.Equal([messageId], requeued.Json.GetProperty("requeued").EnumerateArray().Select(e => e.GetString()).ToList());

        // The dispatcher consumes outbox (and may poison this bogus announcement again under a new id), so check the
        // original message left the poison queue rather than watching outbox.
        var after = await CliRunner.RunAsync("poison", "list", "--storage", storage, "--json");
        Assert.True(after.Code == ExitCodes.Success, after.ToString());
        Assert.DoesNotContain(after.Json.GetProperty("records").EnumerateArray(), r => r.GetProperty("id").GetString() == messageId);

        // The queue trigger decoded the requeued text: the dispatcher looked for the row it names.
        Assert.True(await EngageFixture.EventuallyAsync(() => Task.FromResult(app.Logs.Lines.Any(l => l.Contains(rowKey)))), "DispatchOutbox never saw the requeued message.");
    }

    [Fact]
    public async Task Poison_commands_without_reachable_storage_give_exit_code_3()
    {
        var conn = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;QueueEndpoint=http://127.0.0.1:1/devstoreaccount1;";
        var result = await CliRunner.RunAsync("poison", "list", "--storage", conn);
        Assert.True(result.Code == ExitCodes.Unreachable, result.ToString());
        Assert.Equal(ExitCodes.Usage, (await CliRunner.RunAsync("poison", "list", "--storage", "not a connection string")).Code);
    }
}
