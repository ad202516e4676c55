using System.Net.Mail;
using VersatileHub.Hub.Api;

namespace VersatileHub.Hub.Customers;

/// <summary>A syntactically valid e-mail address, lower-cased so that look-ups ignore case.</summary>
public sealed record EmailAddress
{
    private EmailAddress(string value) => Value = value;

    public string Value { get; }

    public static EmailAddress Parse(string? text, string field)
    {
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length is 0 or > 254 || !MailAddress.TryCreate(trimmed, out var address) || address.Address != trimmed
            || !address.Host.Contains('.', StringComparison.Ordinal))
        {
            throw new InvalidFieldException(field, new UserText($"'{text}' no es un e-mail válido.", $"'{text}' is not a valid e-mail address."));
        }
        return new EmailAddress(trimmed.ToLowerInvariant());
    }

    public override string ToString() => Value;
}
