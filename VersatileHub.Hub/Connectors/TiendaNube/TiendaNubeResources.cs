using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace VersatileHub.Hub.Connectors.TiendaNube;

// The resources of Tienda Nube's REST API v1 that the Hub reads, as its documentation describes them
// (github.com/TiendaNube/api-docs: README, resources/store.md, product.md, product_variant.md, order.md).
// Only the fields the Hub uses are declared; names are snake_case, money comes as strings ("25.00").

/// <summary>GET /store: the settings the Hub needs to read the rest.</summary>
internal sealed record StoreResource(long Id, LocalizedText? Name, string? MainLanguage, string? MainCurrency, string? Country);

internal sealed record ProductResource(
    long Id,
    LocalizedText? Name,
    LocalizedText? Description,
    IReadOnlyList<LocalizedText>? Attributes,
    IReadOnlyList<VariantResource>? Variants,
    IReadOnlyList<ImageResource>? Images,
    IReadOnlyList<CategoryResource>? Categories,
    bool Published = true);

/// <summary>A variant; <see cref="Stock"/> null (or <see cref="StockManagement"/> false) means the store does not limit it.</summary>
internal sealed record VariantResource(
    long Id,
    string? Sku,
    decimal? Price,
    decimal? PromotionalPrice,
    int? Stock,
    bool? StockManagement,
    IReadOnlyList<LocalizedText>? Values)
{
    public bool Unlimited => Stock is null || StockManagement == false;
}

internal sealed record ImageResource(long Id, string Src, int Position);

internal sealed record CategoryResource(long Id, LocalizedText? Name);

internal sealed record OrderResource(
    long Id,
    long Number,
    OrderCustomerResource? Customer,
    IReadOnlyList<OrderProductResource>? Products,
    decimal Subtotal,
    decimal Discount,
    decimal? ShippingCostCustomer,
    decimal Total,
    string Currency,
    string? Status,
    string? PaymentStatus,
    string? ShippingStatus,
    string? ShippingTrackingNumber,
    string? CancelReason,
    string? BillingPhone,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

internal sealed record OrderCustomerResource(long Id, string? Name, string? Email, string? Phone);

internal sealed record OrderProductResource(long? ProductId, long? VariantId, string? Name, string? Sku, decimal Price, int Quantity);

/// <summary>
/// A text in each of the store's languages (<c>{"es": "Zapatillas", "pt": "Sapatilhas"}</c>). The API always answers with an
/// object; a plain string, which it accepts on writes, is read as the text of every language.
/// </summary>
[JsonConverter(typeof(LocalizedTextConverter))]
internal sealed class LocalizedText(IReadOnlyDictionary<string, string> byLanguage)
{
    public IReadOnlyDictionary<string, string> ByLanguage { get; } = byLanguage;

    /// <summary>The text in <paramref name="language"/>, else in the first language that has one, else empty.</summary>
    public string In(string? language) =>
        language is not null && ByLanguage.TryGetValue(language, out var text) && !string.IsNullOrWhiteSpace(text)
            ? text
            : ByLanguage.Values.FirstOrDefault(t => !string.IsNullOrWhiteSpace(t)) ?? "";

    public IEnumerable<string> All => ByLanguage.Values.Where(t => !string.IsNullOrWhiteSpace(t));
}

internal sealed class LocalizedTextConverter : JsonConverter<LocalizedText>
{
    public override LocalizedText Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return new LocalizedText(new Dictionary<string, string> { [""] = reader.GetString()! });
        }
        var texts = JsonSerializer.Deserialize<Dictionary<string, string?>>(ref reader, options) ?? [];
        return new LocalizedText(texts.Where(t => t.Value is not null).ToDictionary(t => t.Key, t => t.Value!));
    }

    public override void Write(Utf8JsonWriter writer, LocalizedText value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value.ByLanguage, options);
}

internal static class TiendaNubeJson
{
    /// <summary>snake_case names; numbers read from strings too, as the API sends prices and some ids.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        Converters = { new OffsetTimeConverter() },
    };

    /// <summary>Dates come as ISO 8601 with the offset written with or without a colon (<c>+0000</c>, <c>-03:00</c>).</summary>
    private sealed class OffsetTimeConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var text = reader.GetString() ?? "";
            if (text.Length > 5 && text[^5] is '+' or '-' && text[^4..].All(char.IsAsciiDigit))
            {
                text = $"{text[..^2]}:{text[^2..]}";
            }
            return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var time)
                ? time
                : throw new JsonException($"'{reader.GetString()}' is not an ISO 8601 date.");
        }

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture));
    }
}
