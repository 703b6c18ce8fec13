using EdgeMargin.Radio.Channels;

namespace EdgeMargin.Scenarios;

/// <summary>
/// The <c>channel</c> section of a <c>simulate --config</c> file or a <c>decide</c> scenario: which channel model
/// turns positions into gains, and its parameters. Immutable; every field is optional, defaults are the paper's
/// (free space with Rayleigh fading) and the standard's (3GPP heights, random LOS, shadowing on).
/// </summary>
/// <remarks>
/// Names are strings rather than enums so that configs spell them as the docs do ("3gpp-umi") and an unknown one gets
/// a message listing the valid ones. A field that the chosen model would ignore (a height for free space) is an
/// error, for the same reason unknown fields are: it is almost always a mistake.
/// </remarks>
public sealed record ChannelOptions
{
    /// <summary>Path-loss model: "free-space" (default), "3gpp-umi" or "3gpp-uma".</summary>
    public string? Model { get; init; }

    /// <summary>Base-station height, metres (3GPP only; default 10 for UMi, 25 for UMa, the standard's).</summary>
    public double? BsHeightM { get; init; }

    /// <summary>User-terminal height, metres (3GPP only; default 1.5, range 1.5 to 22.5).</summary>
    public double? UtHeightM { get; init; }

    /// <summary>LOS state (3GPP only): "random" (default, Table 7.4.2-1), "los" or "nlos".</summary>
    public string? Condition { get; init; }

    /// <summary>Log-normal shadowing (3GPP only; default true).</summary>
    public bool? Shadowing { get; init; }

    /// <summary>Small-scale fading: "rayleigh" or "none" (default: Rayleigh; in <c>decide</c>, Rayleigh only with a fadingSeed).</summary>
    public string? Fading { get; init; }

    /// <summary>The paper's channel.</summary>
    public static ChannelOptions Paper { get; } = new();

    /// <summary>
    /// One selectable path-loss model: its config name, the base-station height of its standard (null for models that
    /// take no heights, LOS condition or shadowing), the largest effective environment height it can draw for a
    /// terminal height (the base station must stand above it), and how to build it from the effective options.
    /// </summary>
    private sealed record PathLossEntry(string Name, double? StandardBsHeightM, Func<double, double> MaxEnvironmentHeightM,
        Func<PhysicalConstants, ChannelOptions, IPathLossModel> Create);

    /// <summary>The path-loss models configs can name; adding a model is its class and one line here.</summary>
    private static readonly PathLossEntry[] Catalog =
    [
        new(FreeSpacePathLoss.ModelName, null, _ => 0, (c, _) => new FreeSpacePathLoss(c.CarrierHz, c.SpeedOfLightMps, c.MinDistanceM)),
        new(UmiStreetCanyonPathLoss.ModelName, Tr38901.UmiBsHeightM, _ => Tr38901.UmiEnvironmentHeightM,
            (c, e) => new UmiStreetCanyonPathLoss(c.CarrierHz, e.BsHeightM!.Value, e.UtHeightM!.Value, e.LinkCondition, e.Shadowing!.Value)),
        new(UmaPathLoss.ModelName, Tr38901.UmaBsHeightM, Tr38901.UmaMaxEnvironmentHeightM,
            (c, e) => new UmaPathLoss(c.CarrierHz, e.BsHeightM!.Value, e.UtHeightM!.Value, e.LinkCondition, e.Shadowing!.Value)),
    ];

    /// <summary>Path-loss model names, as configs spell them.</summary>
    public static IReadOnlyList<string> ModelNames { get; } = Catalog.Select(e => e.Name).ToArray();

    /// <summary>Fading names.</summary>
    public static IReadOnlyList<string> FadingNames { get; } = ["rayleigh", "none"];

    /// <summary>LOS condition names.</summary>
    public static IReadOnlyList<string> ConditionNames { get; } = ["random", "los", "nlos"];

    private string ModelName => (Model ?? FreeSpacePathLoss.ModelName).Trim().ToLowerInvariant();

    private PathLossEntry? Entry => Catalog.FirstOrDefault(e => e.Name == ModelName);

    /// <summary>Whether the model takes heights, a LOS condition and shadowing (the 3GPP ones).</summary>
    private bool TakesTerrain => Entry?.StandardBsHeightM is not null;

    private LinkCondition LinkCondition => (Condition ?? "random").Trim().ToLowerInvariant() switch
    {
        "los" => LinkCondition.LineOfSight,
        "nlos" => LinkCondition.NonLineOfSight,
        _ => LinkCondition.Random,
    };

    /// <summary>
    /// Every problem with these options under <paramref name="physical"/> (the carrier must suit a 3GPP model), each
    /// naming the field by its path below <c>channel</c>; empty when valid.
    /// </summary>
    public IReadOnlyList<string> Validate(PhysicalConstants physical)
    {
        ArgumentNullException.ThrowIfNull(physical);
        var problems = new List<string>();
        if (Entry is not { } entry)
        {
            problems.Add($"model '{Model}' is not a channel model; use one of {string.Join(", ", ModelNames)}.");
            return problems;
        }
        if (Fading is string f && !FadingNames.Contains(f.Trim().ToLowerInvariant()))
            problems.Add($"fading '{f}' is not a fading model; use one of {string.Join(", ", FadingNames)}.");
        if (!TakesTerrain)
        {
            foreach (var (given, name) in new[] { (BsHeightM is not null, "bsHeightM"), (UtHeightM is not null, "utHeightM"), (Condition is not null, "condition"), (Shadowing is not null, "shadowing") })
                if (given) problems.Add($"{name} does not apply to model '{ModelName}'; remove it, or choose a model that takes it ({string.Join(", ", Catalog.Where(e => e.StandardBsHeightM is not null).Select(e => e.Name))}).");
            return problems;
        }
        if (Condition is string c && !ConditionNames.Contains(c.Trim().ToLowerInvariant()))
            problems.Add($"condition '{c}' is not a LOS condition; use one of {string.Join(", ", ConditionNames)}.");
        double ut = UtHeightM ?? Tr38901.MinUtHeightM;
        if (!(ut >= Tr38901.MinUtHeightM && ut <= Tr38901.MaxUtHeightM))
            problems.Add($"utHeightM must lie in [{Tr38901.MinUtHeightM}, {Tr38901.MaxUtHeightM}] m, the range of TR 38.901 Table 7.4.1-1 (got {ut}).");
        else
        {
            double bs = BsHeightOrDefault;
            double hE = entry.MaxEnvironmentHeightM(ut);
            if (!(bs > hE) || !double.IsFinite(bs) || bs > 150)
                problems.Add($"bsHeightM must be a finite height above the effective environment height h_E = {hE} m and at most 150 m (got {bs}); the standard's is {entry.StandardBsHeightM} m.");
        }
        if (!(physical.CarrierHz >= Tr38901.MinCarrierHz && physical.CarrierHz <= Tr38901.MaxCarrierHz))
            problems.Add($"model '{ModelName}' is specified for carriers of 0.5 to 100 GHz (TR 38.901 section 7.4), but parameters.physical.carrierHz is {physical.CarrierHz}.");
        return problems;
    }

    private double BsHeightOrDefault => BsHeightM ?? Entry?.StandardBsHeightM ?? double.NaN;

    /// <summary>
    /// The options with every default filled in that the chosen model uses (what run.json records), fading defaulting
    /// to <paramref name="defaultFading"/>.
    /// </summary>
    public ChannelOptions Effective(string defaultFading = "rayleigh") => TakesTerrain
        ? new ChannelOptions
        {
            Model = ModelName,
            BsHeightM = BsHeightOrDefault,
            UtHeightM = UtHeightM ?? Tr38901.MinUtHeightM,
            Condition = (Condition ?? "random").Trim().ToLowerInvariant(),
            Shadowing = Shadowing ?? true,
            Fading = (Fading ?? defaultFading).Trim().ToLowerInvariant(),
        }
        : new ChannelOptions { Model = ModelName, Fading = (Fading ?? defaultFading).Trim().ToLowerInvariant() };

    /// <summary>
    /// The channel model these options describe under <paramref name="physical"/> (carrier, speed of light and the
    /// free-space clamp distance come from there).
    /// </summary>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public ChannelModel Create(PhysicalConstants physical, string defaultFading = "rayleigh")
    {
        var problems = Validate(physical);
        if (problems.Count > 0) throw new ArgumentException("Invalid channel: " + string.Join(" ", problems.Select(p => "channel." + p)));
        var e = Effective(defaultFading);
        IFadingModel fading = e.Fading == "none" ? NoFading.Instance : RayleighFadingModel.Instance;
        return new ChannelModel(Entry!.Create(physical, e), fading);
    }

    /// <summary>The paper's channel under <paramref name="physical"/>: free space with Rayleigh fading.</summary>
    public static ChannelModel PaperModel(PhysicalConstants physical)
        => new(new FreeSpacePathLoss(physical.CarrierHz, physical.SpeedOfLightMps, physical.MinDistanceM), RayleighFadingModel.Instance);
}
