using System.ComponentModel.DataAnnotations;

namespace VersatileHub.Agent.Knowledge;

/// <summary>Bounds of the knowledge base: how large a document may be and how it is cut into passages.</summary>
public sealed class KnowledgeOptions : IValidatableObject
{
    public const string Section = "Knowledge";

    /// <summary>The largest file an upload may carry.</summary>
    [Range(1024, 10L * 1024 * 1024)]
    public long MaxDocumentBytes { get; set; } = 2L * 1024 * 1024;

    /// <summary>The most characters a passage holds, its overlap with the previous one included.</summary>
    [Range(200, 8000)]
    public int MaxPassageChars { get; set; } = 1200;

    /// <summary>How many characters of the previous passage of the same section a passage repeats, so no sentence is cut off from its context.</summary>
    [Range(0, 2000)]
    public int PassageOverlapChars { get; set; } = 150;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (PassageOverlapChars * 2 > MaxPassageChars)
        {
            yield return new ValidationResult(
                $"{nameof(PassageOverlapChars)} must be at most half of {nameof(MaxPassageChars)}.", [nameof(PassageOverlapChars)]);
        }
    }
}
