using VersatileHub.Hub.Customers;

namespace Microsoft.Extensions.Hosting;

internal static class CustomersExtensions
{
    public static IHostApplicationBuilder AddCustomers(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<CustomerOptions>()
            .BindConfiguration(CustomerOptions.Section)
            .Validate(o => PhoneNumber.IsKnownRegion(o.DefaultPhoneRegion), $"{CustomerOptions.Section}:DefaultPhoneRegion must be an ISO 3166 region such as AR.")
            .ValidateOnStart();
        builder.Services.AddScoped<CustomerDirectory>();
        return builder;
    }
}
