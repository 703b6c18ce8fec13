namespace EdgeMargin.Catalogs;

/// <summary>
/// Something chosen by name on the command line, in a config file or in a request: a policy, a signal, an engine.
/// </summary>
/// <remarks>
/// The name and the description live on the object itself, so a <see cref="Catalog{T}"/> entry is one line and help
/// texts and "unknown name" errors can never drift from what is registered.
/// </remarks>
public interface INamed
{
    /// <summary>Short, stable, lower-case name used on the command line and in outputs (e.g. "goa", "margin").</summary>
    string Name { get; }

    /// <summary>One line, no trailing period, saying what it is (shown in help texts next to <see cref="Name"/>).</summary>
    string Description { get; }
}
