namespace VersatileHub.Hub.Customers;

public sealed class CustomerOptions
{
    public const string Section = "Customers";

    /// <summary>ISO 3166 region of phone numbers typed without a country code.</summary>
    public string DefaultPhoneRegion { get; set; } = "AR";
}
