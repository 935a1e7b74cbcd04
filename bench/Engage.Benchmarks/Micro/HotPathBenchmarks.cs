using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Engage.Application.Json;
using Engage.Application.Storage.Entities;
using Engage.Application.Threads;
using Engage.Domain.Channel;
using Engage.Domain.Search;
using Engage.Domain.Webhooks;

namespace Engage.Benchmarks.Micro;

/// <summary>
/// BenchmarkDotNet micro-benchmarks of the pure code on every message's path: channel SDK signatures (each push is
/// verified, each reply signed), webhook signatures (each delivery), the JSON of a content record and of a page of
/// 30 thread records, and <c>q</c> parsing. Methods return their result so nothing is optimised away; the smoke test
/// calls them once each and checks the results.
/// </summary>
[MemoryDiagnoser]
public class HotPathBenchmarks
{
    private const string Secret = "0123456789abcdef0123456789abcdef0123456789abcdef";
    private const string Query = "source:5f8a1b2c3d4e5f6a7b8c9d0e status_in:open,assigned -category:spam \"late parcel\" order:last_content_at.desc";

    private readonly byte[] _push;
    private readonly string _pushSignature;
    private readonly byte[] _delivery;
    private readonly string _deliveryHeader;
    private readonly long _now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
    private readonly object _content;
    private readonly object _threadPage;

    /// <summary>Builds the inputs once: a typical push body, a webhook delivery body, a content and 30 threads.</summary>
    public HotPathBenchmarks()
    {
        _push = Encoding.UTF8.GetBytes("{\"action\":\"messages.create\",\"params\":{\"id\":\"m-123456\",\"thread_id\":\"t-98765\",\"body\":\"Hello, my parcel has not arrived yet, can you check the tracking number for me please?\",\"author\":{\"id\":\"u-42\",\"screenname\":\"alice\"}}}");
        _pushSignature = ChannelSignature.Compute(Secret, _push);
        var created = new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
        var content = new ContentEntity
        {
            Id = "674c1a2b00a1b2c3d4e5f601", ThreadId = "674c1a2a00a1b2c3d4e5f600", SourceId = "674c19ff0011223344556677", SourceType = "sdk",
            AuthorId = "674c1a2a0099887766554433", Body0 = "Hello, my parcel has not arrived yet, can you check the tracking number for me please?",
            ForeignId = "m-123456", Sequence = 2, CreatedAt = created, UpdatedAt = created, Status = "new", FirstInThread = false,
        };
        _content = content.ToView();
        _delivery = JsonSerializer.SerializeToUtf8Bytes(new { id = "d1", domain_id = "engage", events = new[] { new { type = "content.imported", resource = _content } } }, ContractJson.Options);
        _deliveryHeader = WebhookSignature.Header(_now, _delivery, [Secret]);
        var threads = Enumerable.Range(0, 30).Select(i => ThreadStore.NewHead("0a1b2c3d", $"h|s|t-{i}", "674c19ff0011223344556677", $"t-{i}", $"Parcel question {i}", created.AddMinutes(i)).ToView()).ToList();
        _threadPage = new { count = 1000, offset = 0, limit = 30, records = threads };
    }

    /// <summary>Signs a push body (channel SDK, HMAC-SHA512).</summary>
    [Benchmark]
    public string ChannelSign() => ChannelSignature.Compute(Secret, _push);

    /// <summary>Verifies a push body's signature, as the Send API does.</summary>
    [Benchmark]
    public bool ChannelVerify() => ChannelSignature.Verify(Secret, _push, _pushSignature);

    /// <summary>Signs a webhook delivery (HMAC-SHA256 over time and body).</summary>
    [Benchmark]
    public string WebhookSign() => WebhookSignature.Header(_now, _delivery, [Secret]);

    /// <summary>Verifies a webhook delivery, as a receiver does.</summary>
    [Benchmark]
    public bool WebhookVerify() => WebhookSignature.Verify(_deliveryHeader, _delivery, Secret, DateTimeOffset.FromUnixTimeSeconds(_now), TimeSpan.FromMinutes(5));

    /// <summary>Writes one content record as the API answers it.</summary>
    [Benchmark]
    public byte[] ContentJson() => JsonSerializer.SerializeToUtf8Bytes(_content, ContractJson.Options);

    /// <summary>Writes a page of 30 thread records (<c>GET /1.0/content_threads?limit=30</c>'s body).</summary>
    [Benchmark]
    public byte[] ThreadPageJson() => JsonSerializer.SerializeToUtf8Bytes(_threadPage, ContractJson.Options);

    /// <summary>Parses a typical <c>q</c>.</summary>
    [Benchmark]
    public SearchQuery ParseQuery() => SearchQuery.Parse(Query);
}
