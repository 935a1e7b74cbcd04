using Azure.Data.Tables;
using Engage.Application.Storage;
using Engage.Application.Storage.Entities;

namespace Engage.UnitTests.Application;

/// <summary>Azurite accepts these; Azure refuses them. Our guard must refuse them first.</summary>
public class TableLimitsTests
{
    private static TableTransactionAction Add(string pk, string rk) => new(TableTransactionActionType.Add, new PointerEntity { PartitionKey = pk, RowKey = rk });

    private static void Check(IReadOnlyList<TableTransactionAction> actions) => TableLimits.CheckTransaction(actions, _ => 100);

    [Fact]
    public void A_hundred_operations_pass_and_a_hundred_and_one_do_not()
    {
        Check(Enumerable.Range(0, 100).Select(i => Add("p", $"r{i}")).ToList());
        var error = Assert.Throws<TableLimitException>(() => Check(Enumerable.Range(0, 101).Select(i => Add("p", $"r{i}")).ToList()));
        Assert.Contains("101 operations", error.Message);
    }

    [Fact]
    public void A_transaction_over_two_partitions_is_refused() =>
        Assert.Contains("spans partitions", Assert.Throws<TableLimitException>(() => Check([Add("p1", "r"), Add("p2", "r")])).Message);

    [Fact]
    public void The_same_row_twice_is_refused() =>
        Assert.Throws<TableLimitException>(() => Check([Add("p", "r"), Add("p", "r")]));

    [Fact]
    public void More_than_4_MiB_is_refused() =>
        Assert.Throws<TableLimitException>(() => TableLimits.CheckTransaction([Add("p", "a"), Add("p", "b")], _ => 2L * 1024 * 1024 + 1));

    [Fact]
    public void More_than_252_properties_are_refused()
    {
        var entity = new TableEntity("p", "r");
        for (var i = 0; i < 253; i++) entity[$"P{i}"] = i;
        var error = Assert.Throws<TableLimitException>(() => TableLimits.CheckEntity(entity, EngageStorage.PropertiesOf(entity)));
        Assert.Contains("253 properties", error.Message);
        entity.Remove("P252");
        TableLimits.CheckEntity(entity, EngageStorage.PropertiesOf(entity));
    }

    [Fact]
    public void Strings_over_32K_characters_are_refused()
    {
        var entity = new TableEntity("p", "r") { ["Body"] = new string('x', 32_769) };
        Assert.Throws<TableLimitException>(() => TableLimits.CheckEntity(entity, EngageStorage.PropertiesOf(entity)));
        entity["Body"] = new string('x', 32_768);
        TableLimits.CheckEntity(entity, EngageStorage.PropertiesOf(entity));
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("a#b")]
    [InlineData("a?b")]
    [InlineData("a\u0001b")]
    public void Forbidden_key_characters_are_refused(string key) =>
        Assert.Throws<TableLimitException>(() => TableLimits.CheckKey("RowKey", key));

    [Fact]
    public void Keys_over_1_KiB_are_refused() =>
        Assert.Throws<TableLimitException>(() => TableLimits.CheckKey("RowKey", new string('k', 513)));
}
