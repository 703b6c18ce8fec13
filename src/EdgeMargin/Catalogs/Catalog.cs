using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace EdgeMargin.Catalogs;

/// <summary>
/// Instances chosen by name: every policy, every signal, every engine. Names are matched case-insensitively with
/// surrounding spaces ignored; an entry may add aliases. The first entry is the <see cref="Default"/>.
/// </summary>
/// <remarks>
/// <para>
/// A catalog is written as a collection initializer, one line per entry (<c>{ DirectGreedyEngine.Instance, "reference" }</c>
/// adds an alias). Help texts and "unknown name" errors are generated from it, so registering an object is the only
/// step that makes it selectable everywhere.
/// </para>
/// <para>
/// Entries can be added only while the catalog is built: the first lookup freezes it, after which <see cref="Add"/>
/// throws. Lookups on a frozen catalog only read, so a catalog shared through a static property is safe to use from
/// any number of threads.
/// </para>
/// </remarks>
/// <typeparam name="T">What the catalog holds.</typeparam>
public sealed class Catalog<T> : IEnumerable<T> where T : class, INamed
{
    private readonly List<CatalogEntry<T>> _entries = [];
    private readonly Dictionary<string, T> _byName = new(StringComparer.OrdinalIgnoreCase);
    private volatile bool _frozen;

    /// <summary>Creates an empty catalog of <paramref name="plural"/> (each one a <paramref name="noun"/>).</summary>
    /// <param name="noun">What one entry is, for messages: "policy".</param>
    /// <param name="plural">The plural, for messages: "policies".</param>
    public Catalog(string noun, string plural)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(noun);
        ArgumentException.ThrowIfNullOrWhiteSpace(plural);
        Noun = noun;
        Plural = plural;
    }

    /// <summary>What one entry is ("policy").</summary>
    public string Noun { get; }

    /// <summary>What the entries are ("policies").</summary>
    public string Plural { get; }

    /// <summary>The entries in the order they were added (the order help texts list them).</summary>
    public IReadOnlyList<CatalogEntry<T>> Entries => Freeze()._entries;

    /// <summary>The entries' primary names, in order.</summary>
    public IReadOnlyList<string> Names => Entries.Select(e => e.Name).ToArray();

    /// <summary>The first entry: what is used when nothing is named.</summary>
    /// <exception cref="InvalidOperationException">The catalog is empty.</exception>
    public T Default => Entries.Count > 0 ? _entries[0].Item : throw new InvalidOperationException($"The {Plural} catalog is empty.");

    /// <summary>Adds <paramref name="item"/> under its <see cref="INamed.Name"/> and under each alias.</summary>
    /// <exception cref="ArgumentException">
    /// A name is blank, has surrounding spaces or a comma (lists on the command line are comma-separated), or is taken.
    /// </exception>
    /// <exception cref="InvalidOperationException">The catalog has already been read.</exception>
    public void Add(T item, params string[] aliases)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(aliases);
        if (_frozen) throw new InvalidOperationException($"The {Plural} catalog is in use; add entries while building it.");
        if (string.IsNullOrWhiteSpace(item.Description))
            throw new ArgumentException($"{Noun} '{item.Name}' has no description; help texts list one per entry.", nameof(item));
        string[] names = [item.Name, .. aliases];
        foreach (string name in names)
        {
            if (string.IsNullOrWhiteSpace(name) || name != name.Trim() || name.Contains(','))
                throw new ArgumentException($"'{name}' cannot be a {Noun} name: names must be non-blank, without surrounding spaces or commas.", nameof(item));
            if (_byName.ContainsKey(name))
                throw new ArgumentException($"The {Noun} name '{name}' is registered twice.", nameof(item));
        }
        foreach (string name in names) _byName.Add(name, item);
        _entries.Add(new CatalogEntry<T>(item, aliases.ToArray()));
    }

    /// <summary>Finds the entry called <paramref name="name"/> (or one of its aliases); false when there is none.</summary>
    public bool TryGet(string? name, [NotNullWhen(true)] out T? item)
    {
        item = null;
        return name is not null && Freeze()._byName.TryGetValue(name.Trim(), out item);
    }

    /// <summary>The entry called <paramref name="name"/>.</summary>
    /// <exception cref="UnknownNameException">No entry has that name; the message lists the valid names.</exception>
    public T Get(string? name) => TryGet(name, out var item) ? item : throw Unknown(name);

    /// <summary>The entry called <paramref name="name"/>, or <see cref="Default"/> when the name is null or blank.</summary>
    /// <exception cref="UnknownNameException">A name was given and no entry has it.</exception>
    public T GetOrDefault(string? name) => string.IsNullOrWhiteSpace(name) ? Default : Get(name);

    /// <summary>The error <see cref="Get"/> throws for <paramref name="name"/>, listing the valid names.</summary>
    public UnknownNameException Unknown(string? name) => new(Noun, Plural, name, Entries.Select(e => e.Label));

    /// <inheritdoc />
    public IEnumerator<T> GetEnumerator() => Entries.Select(e => e.Item).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private Catalog<T> Freeze()
    {
        _frozen = true;
        return this;
    }
}

/// <summary>One catalog entry: the instance and the extra names it answers to.</summary>
/// <param name="Item">The registered instance.</param>
/// <param name="Aliases">Other accepted spellings (empty for most entries).</param>
public sealed record CatalogEntry<T>(T Item, IReadOnlyList<string> Aliases) where T : class, INamed
{
    /// <summary>The primary name, <see cref="INamed.Name"/> of the item.</summary>
    public string Name => Item.Name;

    /// <summary>The item's one-line description.</summary>
    public string Description => Item.Description;

    /// <summary>The name with its aliases, as lists show it: "direct (or reference)".</summary>
    public string Label => Aliases.Count == 0 ? Name : $"{Name} (or {string.Join(", ", Aliases)})";
}
