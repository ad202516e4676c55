using VersatileHub.Agent.Knowledge;

namespace Microsoft.Extensions.Hosting;

internal static class KnowledgeExtensions
{
    /// <summary>The tenant's knowledge base: its options (section <c>Knowledge</c>), the cutter and the search.</summary>
    public static IHostApplicationBuilder AddKnowledge(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<KnowledgeOptions>().BindConfiguration(KnowledgeOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<PassageCutter>();
        builder.Services.AddScoped<KnowledgeBase>();
        return builder;
    }
}
