namespace VersatileHub.WhatsApp;

/// <summary>Names this service's assembly for hosts such as WebApplicationFactory, where five top-level <c>Program</c> classes would collide.</summary>
public sealed class WhatsAppEntryPoint
{
    private WhatsAppEntryPoint()
    {
    }
}
