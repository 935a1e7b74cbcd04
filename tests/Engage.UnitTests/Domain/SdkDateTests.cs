using System.Text.Json;
using Engage.Domain.Channel;

namespace Engage.UnitTests.Domain;

public class SdkDateTests
{
    [Theory]
    [InlineData("2012-02-10", "2012-02-10T00:00:00Z")]
    [InlineData("2012-10-01T17:18:40Z", "2012-10-01T17:18:40Z")]
    [InlineData("2012-10-01T17:18:40.123Z", "2012-10-01T17:18:40.123Z")]
    [InlineData("2012-10-01T19:18:40+02:00", "2012-10-01T17:18:40Z")]
    [InlineData("2012-10-01T12:18:40.5-05:00", "2012-10-01T17:18:40.5Z")]
    [InlineData("06/11/2017", "2017-06-11T00:00:00Z")]
    [InlineData("1349111920000", "2012-10-01T17:18:40Z")]
    public void Documented_forms_parse(string text, string expected)
    {
        Assert.True(SdkDate.TryParse(text, out var value, out var error), error);
        Assert.Equal(DateTimeOffset.Parse(expected), value);
    }

    [Fact]
    public void Epoch_milliseconds_as_a_json_number_parse()
    {
        using var doc = JsonDocument.Parse("{\"created_at\":1349111920000}");
        Assert.True(SdkDate.TryParse(doc.RootElement.GetProperty("created_at"), out var value, out _));
        Assert.Equal(new DateTimeOffset(2012, 10, 1, 17, 18, 40, TimeSpan.Zero), value);
    }

    [Theory]
    [InlineData("2012-10-01T17:18:40")]       // no time zone: ambiguous
    [InlineData("13/06/2017")]                // month 13: not guessed as day-first
    [InlineData("02/30/2017")]                // no such day
    [InlineData("2012-02-30")]
    [InlineData("yesterday")]
    [InlineData("10/1/12")]
    [InlineData("99999999999999999")]         // beyond year 9999
    [InlineData("-5")]
    public void Ambiguous_or_invalid_forms_are_refused(string text)
    {
        Assert.False(SdkDate.TryParse(text, out var value, out var error));
        Assert.Null(value);
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Null_empty_and_absent_mean_no_date(string? text)
    {
        Assert.True(SdkDate.TryParse(text, out var value, out _));
        Assert.Null(value);
    }
}
