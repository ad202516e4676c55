using PhoneNumbers;
using VersatileHub.Hub.Api;

namespace VersatileHub.Hub.Customers;

/// <summary>A valid phone number in E.164 form (+5491155550000), whatever format it was typed in.</summary>
public sealed record PhoneNumber
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    private PhoneNumber(string e164) => E164 = e164;

    public string E164 { get; }

    public static bool IsKnownRegion(string region) => Util.GetSupportedRegions().Contains(region);

    /// <summary>Reads <paramref name="text"/>; numbers without a country code belong to <paramref name="defaultRegion"/>.</summary>
    public static bool TryParse(string? text, string defaultRegion, out PhoneNumber phone)
    {
        phone = null!;
        if (string.IsNullOrWhiteSpace(text) || text.Length > 40)
        {
            return false;
        }
        try
        {
            var parsed = Util.Parse(text, defaultRegion);
            if (!Util.IsValidNumber(parsed))
            {
                return false;
            }
            phone = new PhoneNumber(Util.Format(parsed, PhoneNumberFormat.E164));
            return true;
        }
        catch (NumberParseException)
        {
            return false;
        }
    }

    public static PhoneNumber Parse(string? text, string defaultRegion, string field) =>
        TryParse(text, defaultRegion, out var phone)
            ? phone
            : throw new InvalidFieldException(field, new UserText($"'{text}' no es un teléfono válido.", $"'{text}' is not a valid phone number."));

    public override string ToString() => E164;
}
