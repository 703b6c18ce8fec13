using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeMargin.Scenarios.Json;

/// <summary>
/// Reads and writes <see cref="SystemParameters"/> as JSON. Written nested, one object per part:
/// <code>{"mode": "default", "physical": {"bandwidthHz": 1e8, ...}, "generator": {...}, "edgeEstimate": {...}, "admission": {"maxUsersPerServer": null}}</code>
/// Read in that form or in the old flat one (<c>{"bandwidthHz": 5e7, "maxUsersPerServer": 6}</c>), which gives exactly
/// the values the flat record gave, so config files written before the split run unchanged.
/// </summary>
/// <remarks>
/// <para>
/// The two forms may be mixed part by part (flat <c>bandwidthHz</c> next to a nested <c>admission</c>), but a flat
/// field and the nested object of its own part (flat <c>bandwidthHz</c> next to <c>physical</c>) are refused: which
/// one should win is a guess, and the message says which field to move where.
/// </para>
/// <para>
/// Hand-written rather than the serializer's default so that every problem names its field by path
/// (<c>parameters.physical.bandwith</c>) and lists the fields that exist; the default contract would name the .NET type
/// instead, and could not read the flat form at all. Unknown fields are always errors, whatever the options say.
/// Numbers may be the named literals "NaN" and "Infinity" so that validation, not the parser, names the bad field.
/// </para>
/// </remarks>
public sealed class SystemParametersJsonConverter : JsonConverter<SystemParameters>
{
    private enum Kind { Number, OptionalCount }

    private sealed record Field(string Part, string Name, Kind Kind, Func<SystemParameters, double?> Get, Func<SystemParameters, double?, SystemParameters> Set);

    private const string Physical = "physical", Generator = "generator", EdgeEstimate = "edgeEstimate", Admission = "admission";

    private static readonly string[] Parts = [Physical, Generator, EdgeEstimate, Admission];

    /// <summary>Every value of every part, in the order they are written; the flat form uses the same names.</summary>
    private static readonly Field[] Fields =
    [
        new(Physical, "carrierHz", Kind.Number, p => p.Physical.CarrierHz, (p, v) => p with { Physical = p.Physical with { CarrierHz = v!.Value } }),
        new(Physical, "speedOfLightMps", Kind.Number, p => p.Physical.SpeedOfLightMps, (p, v) => p with { Physical = p.Physical with { SpeedOfLightMps = v!.Value } }),
        new(Physical, "minDistanceM", Kind.Number, p => p.Physical.MinDistanceM, (p, v) => p with { Physical = p.Physical with { MinDistanceM = v!.Value } }),
        new(Physical, "bandwidthHz", Kind.Number, p => p.Physical.BandwidthHz, (p, v) => p with { Physical = p.Physical with { BandwidthHz = v!.Value } }),
        new(Physical, "transmitPowerW", Kind.Number, p => p.Physical.TransmitPowerW, (p, v) => p with { Physical = p.Physical with { TransmitPowerW = v!.Value } }),
        new(Physical, "noiseDensityWPerHz", Kind.Number, p => p.Physical.NoiseDensityWPerHz, (p, v) => p with { Physical = p.Physical with { NoiseDensityWPerHz = v!.Value } }),
        new(Physical, "localCapacityFlops", Kind.Number, p => p.Physical.LocalCapacityFlops, (p, v) => p with { Physical = p.Physical with { LocalCapacityFlops = v!.Value } }),
        new(Physical, "edgeUserCapFlops", Kind.Number, p => p.Physical.EdgeUserCapFlops, (p, v) => p with { Physical = p.Physical with { EdgeUserCapFlops = v!.Value } }),
        new(Generator, "areaSideM", Kind.Number, p => p.Generator.AreaSideM, (p, v) => p with { Generator = p.Generator with { AreaSideM = v!.Value } }),
        new(Generator, "deviceCapacityMinFactor", Kind.Number, p => p.Generator.DeviceCapacityMinFactor, (p, v) => p with { Generator = p.Generator with { DeviceCapacityMinFactor = v!.Value } }),
        new(Generator, "deviceCapacityMaxFactor", Kind.Number, p => p.Generator.DeviceCapacityMaxFactor, (p, v) => p with { Generator = p.Generator with { DeviceCapacityMaxFactor = v!.Value } }),
        new(Generator, "edgeCapacityMultiplier", Kind.Number, p => p.Generator.EdgeCapacityMultiplier, (p, v) => p with { Generator = p.Generator with { EdgeCapacityMultiplier = v!.Value } }),
        new(Generator, "edgeCapacityMinFactor", Kind.Number, p => p.Generator.EdgeCapacityMinFactor, (p, v) => p with { Generator = p.Generator with { EdgeCapacityMinFactor = v!.Value } }),
        new(Generator, "edgeCapacityMaxFactor", Kind.Number, p => p.Generator.EdgeCapacityMaxFactor, (p, v) => p with { Generator = p.Generator with { EdgeCapacityMaxFactor = v!.Value } }),
        new(EdgeEstimate, "parameterRatio", Kind.Number, p => p.EdgeEstimate.ParameterRatio, (p, v) => p with { EdgeEstimate = p.EdgeEstimate with { ParameterRatio = v!.Value } }),
        new(Admission, "maxUsersPerServer", Kind.OptionalCount, p => p.Admission.MaxUsersPerServer, (p, v) => p with { Admission = p.Admission with { MaxUsersPerServer = v is double c ? (int)c : null } }),
    ];

    /// <inheritdoc />
    public override SystemParameters Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException($"parameters must be an object such as {{\"physical\": {{\"bandwidthHz\": 1e8}}}} (got {Describe(reader.TokenType)}).");
        var comparison = options.PropertyNameCaseInsensitive ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        var result = SystemParameters.Default;
        var nested = new HashSet<string>(StringComparer.Ordinal);
        var firstFlat = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            string name = reader.GetString()!;
            reader.Read();
            if (name.Equals("mode", comparison))
            {
                result = result with { Mode = ReadMode(ref reader) };
                continue;
            }
            if (Parts.FirstOrDefault(part => part.Equals(name, comparison)) is string partName)
            {
                result = ReadPart(ref reader, partName, result, comparison);
                nested.Add(partName);
                continue;
            }
            var field = Fields.FirstOrDefault(f => f.Name.Equals(name, comparison))
                ?? throw new JsonException($"parameters has no field '{name}'. Its parts are mode, {string.Join(", ", Parts)}; " +
                    $"in the flat form it also takes {string.Join(", ", Fields.Select(f => f.Name))}.");
            result = field.Set(result, ReadValue(ref reader, field, "parameters." + field.Name));
            firstFlat.TryAdd(field.Part, field.Name);
        }
        foreach (var (part, flatName) in firstFlat)
        {
            if (nested.Contains(part))
                throw new JsonException($"parameters gives '{flatName}' in the flat form and '{part}' as an object; both set the {part} part. " +
                    $"Move '{flatName}' into '{part}' (\"{part}\": {{\"{flatName}\": ...}}).");
        }
        return result;
    }

    private static SystemParameters ReadPart(ref Utf8JsonReader reader, string part, SystemParameters result, StringComparison comparison)
    {
        var fields = Fields.Where(f => f.Part == part).ToArray();
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException($"parameters.{part} must be an object such as {{\"{fields[0].Name}\": ...}} (got {Describe(reader.TokenType)}); leave it out for the defaults.");
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            string name = reader.GetString()!;
            reader.Read();
            var field = fields.FirstOrDefault(f => f.Name.Equals(name, comparison))
                ?? throw new JsonException($"parameters.{part} has no field '{name}'. Its fields are {string.Join(", ", fields.Select(f => f.Name))}" +
                    (Fields.FirstOrDefault(f => f.Name.Equals(name, comparison)) is { } elsewhere ? $"; '{elsewhere.Name}' belongs in parameters.{elsewhere.Part}." : "."));
            result = field.Set(result, ReadValue(ref reader, field, $"parameters.{part}.{field.Name}"));
        }
        return result;
    }

    private static double? ReadValue(ref Utf8JsonReader reader, Field field, string path)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            if (field.Kind == Kind.OptionalCount) return null;
            throw new JsonException($"{path} is null; give a number or leave the field out for its default.");
        }
        if (field.Kind == Kind.OptionalCount)
        {
            if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out int count)) return count;
            throw new JsonException($"{path} must be a whole number or null (got {Describe(reader.TokenType)}).");
        }
        if (reader.TokenType == JsonTokenType.Number) return reader.GetDouble();
        if (reader.TokenType == JsonTokenType.String)
        {
            switch (reader.GetString())
            {
                case "NaN": return double.NaN;
                case "Infinity": return double.PositiveInfinity;
                case "-Infinity": return double.NegativeInfinity;
            }
        }
        throw new JsonException($"{path} must be a number (got {Describe(reader.TokenType)}).");
    }

    private static ModelMode ReadMode(ref Utf8JsonReader reader)
    {
        string? text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        if (string.Equals(text, "default", StringComparison.OrdinalIgnoreCase)) return ModelMode.Default;
        if (string.Equals(text, "reference", StringComparison.OrdinalIgnoreCase)) return ModelMode.Reference;
        throw new JsonException($"parameters.mode must be \"default\" or \"reference\" (got {(text is null ? Describe(reader.TokenType) : $"\"{text}\"")}).");
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, SystemParameters value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("mode", value.Mode.ToString().ToLowerInvariant());
        foreach (string part in Parts)
        {
            writer.WriteStartObject(part);
            foreach (var field in Fields.Where(f => f.Part == part))
            {
                double? v = field.Get(value);
                if (v is not double d) writer.WriteNull(field.Name);
                else if (field.Kind == Kind.OptionalCount) writer.WriteNumber(field.Name, (int)d);
                else if (double.IsFinite(d)) writer.WriteNumber(field.Name, d);
                // Named literals, as the reader accepts them, so an invalid value still round-trips.
                else writer.WriteString(field.Name, double.IsNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
            }
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    }
}
