using System.Text;
using ReconGrpc.Domain;
using ReconGrpc.Domain.Customers;

namespace ReconGrpc.Domain.Tests;

public sealed class InputTextTests
{
    [Fact]
    public void A_short_value_is_echoed_whole()
    {
        Assert.Equal("CNY", InputText.Echo("CNY"));
    }

    [Fact]
    public void A_long_value_is_echoed_as_a_prefix_with_its_length()
    {
        var echoed = InputText.Echo(new string('X', 3_000_000));

        Assert.Equal(new string('X', InputText.EchoLength) + "…(3000000 chars)", echoed);
    }

    [Fact]
    public void Control_characters_are_echoed_as_escapes_never_raw()
    {
        Assert.Equal("0\\u0000\\u001B[31m", InputText.Echo("0\u0000\u001b[31m"));
    }

    [Fact]
    public void A_cut_never_splits_a_surrogate_pair()
    {
        var echoed = InputText.Echo(new string('a', InputText.EchoLength - 1) + "😀" + new string('b', 10));

        Assert.DoesNotContain('\uD83D', echoed);
    }

    [Fact]
    public void A_message_is_bounded_in_utf8_bytes()
    {
        var bounded = InputText.Bounded("客户" + new string('大', 10_000));

        Assert.True(Encoding.UTF8.GetByteCount(bounded) <= InputText.MaxMessageBytes);
        Assert.StartsWith("客户大", bounded, StringComparison.Ordinal);
        Assert.EndsWith("…(message cut)", bounded, StringComparison.Ordinal);
    }

    [Fact]
    public void Free_text_may_hold_line_breaks_and_tabs_but_no_other_control_character()
    {
        Assert.False(InputText.HasForbiddenCharacter("line one\r\nline two\tend", freeText: true));
        Assert.True(InputText.HasForbiddenCharacter("bell\u0007", freeText: true));
        Assert.True(InputText.HasForbiddenCharacter("a\nb", freeText: false));
    }

    [Theory]
    [InlineData("上海\u0000贸易有限公司")]
    [InlineData("\u001b[31m红色有限公司")]
    public void A_customer_name_with_a_control_character_is_refused_as_a_category_name_is(string name)
    {
        var error = Assert.Throws<RuleViolation>(() =>
            Customer.Create(new CustomerProfile("C1", name, "01"), DateTimeOffset.UnixEpoch));

        Assert.Equal("customer.name_character", error.Rule);
    }

    [Fact]
    public void An_optional_customer_field_with_a_control_character_is_refused()
    {
        var error = Assert.Throws<RuleViolation>(() =>
            Customer.Create(new CustomerProfile("C1", "上海贸易有限公司", "01", Address: "上海\u0000路"), DateTimeOffset.UnixEpoch));

        Assert.Equal("customer.address_character", error.Rule);
    }
}
