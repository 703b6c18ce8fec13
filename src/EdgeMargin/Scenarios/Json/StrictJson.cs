using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeMargin.Scenarios.Json;

/// <summary>
/// The one serializer configuration for JSON that people write and hand to EdgeMargin: <c>simulate --config</c>,
/// <c>decide</c>'s scenario file and the gateway's config. Strict, because an unknown field is usually a typo that
/// would otherwise be silently ignored.
/// </summary>
/// <remarks>
/// It lives in the core, beside the input types it reads (<see cref="Input.UserInput"/>, <see cref="SystemParameters"/>),
/// because both the CLI and the gateway read those and the gateway references nothing but the core. It only
/// configures the serializer; reading files stays with the callers.
/// </remarks>
public static class StrictJson
{
    /// <summary>
    /// Case-insensitive names, comments and trailing commas allowed (these are hand-edited files), unknown members
    /// refused, enums as camelCase strings, and the literals "NaN" and "Infinity" read as numbers so that validation
    /// can name the field that holds one rather than the parser failing on a syntax error.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNameCaseInsensitive = true,
            AllowTrailingCommas = true,
            ReadCommentHandling = JsonCommentHandling.Skip,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
