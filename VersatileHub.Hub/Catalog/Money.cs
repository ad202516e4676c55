using System.Globalization;
using VersatileHub.Hub.Api;

namespace VersatileHub.Hub.Catalog;

/// <summary>An amount with two decimals, in an ISO 4217 currency.</summary>
public sealed record Money
{
    public const decimal MaxAmount = 9_999_999_999.99m;

    private static readonly Lazy<HashSet<string>> KnownCurrencies = new(() =>
        CultureInfo.GetCultures(CultureTypes.SpecificCultures)
            .Select(c => { try { return new RegionInfo(c.Name).ISOCurrencySymbol; } catch (ArgumentException) { return null; } })
            .OfType<string>().ToHashSet(StringComparer.Ordinal));

    private Money(decimal amount, string currency)
    {
        Amount = amount;
        Currency = currency;
    }

    public decimal Amount { get; private init; }

    public string Currency { get; private init; }

    public static Money Of(decimal amount, string? currency, string field = "price")
    {
        if (amount < 0 || amount > MaxAmount || decimal.Round(amount, 2) != amount)
        {
            throw new InvalidFieldException(field, new UserText($"El importe va de 0 a {MaxAmount} con hasta 2 decimales.", $"The amount must be 0 to {MaxAmount} with at most 2 decimals."));
        }
        var code = currency?.Trim().ToUpperInvariant() ?? "";
        if (!IsCurrency(code))
        {
            throw new InvalidFieldException("currency", new UserText($"'{currency}' no es una moneda ISO 4217.", $"'{currency}' is not an ISO 4217 currency."));
        }
        return new Money(amount, code);
    }

    public Money WithAmount(decimal amount, string field) => Of(amount, Currency, field);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Amount:0.00} {Currency}");

    // Without ICU data (invariant globalization) no region is known: any three letters are accepted.
    private static bool IsCurrency(string code) =>
        code.Length == 3 && code.All(char.IsAsciiLetterUpper) && (KnownCurrencies.Value.Count == 0 || KnownCurrencies.Value.Contains(code));
}
