using VersatileHub.Agent.Memory;

namespace Microsoft.Extensions.Hosting;

internal static class ContactMemoryExtensions
{
    /// <summary>Facts per contact, with their bounds (section <c>ContactMemory</c>).</summary>
    public static IHostApplicationBuilder AddContactMemory(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ContactMemoryOptions>().BindConfiguration(ContactMemoryOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<ContactMemory>();
        return builder;
    }
}
