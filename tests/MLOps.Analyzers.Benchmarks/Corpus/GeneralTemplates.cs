namespace MLOps.Analyzers.Benchmarks.Corpus;

/// <summary>
/// Ordinary application code, the bulk of a real ML solution: domain types, repositories,
/// services, parsers, algorithms, workflows. Each template takes a file index and returns one file.
/// Some of it does what ML code also does (System.Random, file I/O with literal paths, numeric
/// literals everywhere), so the rules' bail-outs are exercised as they are in a real solution.
/// </summary>
internal static class GeneralTemplates
{
    public static readonly Func<int, string>[] All = { Commerce, ReportWriter, Routing, Workflow, Caching };

    public static string Commerce(int n) => $$"""
        using System;
        using System.Collections.Generic;
        using System.Globalization;
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;

        namespace Contoso.Commerce.Module{{n % 17}};

        public enum OrderStatus{{n}} { Draft, Submitted, Paid, Shipped, Cancelled }

        public sealed record OrderLine{{n}}(string Sku, int Quantity, decimal UnitPrice)
        {
            public decimal Total => Quantity * UnitPrice;
        }

        public sealed class Order{{n}}
        {
            private readonly List<OrderLine{{n}}> _lines = new();

            public Order{{n}}(Guid id, string customerId, DateTimeOffset createdAt)
            {
                if (string.IsNullOrWhiteSpace(customerId))
                {
                    throw new ArgumentException("A customer is required.", nameof(customerId));
                }

                Id = id;
                CustomerId = customerId;
                CreatedAt = createdAt;
            }

            public Guid Id { get; }

            public string CustomerId { get; }

            public DateTimeOffset CreatedAt { get; }

            public OrderStatus{{n}} Status { get; private set; } = OrderStatus{{n}}.Draft;

            public IReadOnlyList<OrderLine{{n}}> Lines => _lines;

            public decimal Subtotal => _lines.Sum(l => l.Total);

            public void Add(string sku, int quantity, decimal unitPrice)
            {
                if (Status != OrderStatus{{n}}.Draft)
                {
                    throw new InvalidOperationException($"Order {Id} is {Status} and can no longer change.");
                }

                if (quantity <= 0 || quantity > 1000)
                {
                    throw new ArgumentOutOfRangeException(nameof(quantity), quantity, "Quantity must be between 1 and 1000.");
                }

                var existing = _lines.FindIndex(l => l.Sku == sku);
                if (existing >= 0)
                {
                    var line = _lines[existing];
                    _lines[existing] = line with { Quantity = line.Quantity + quantity };
                }
                else
                {
                    _lines.Add(new OrderLine{{n}}(sku, quantity, unitPrice));
                }
            }

            public void Submit()
            {
                Status = Status switch
                {
                    OrderStatus{{n}}.Draft when _lines.Count > 0 => OrderStatus{{n}}.Submitted,
                    OrderStatus{{n}}.Draft => throw new InvalidOperationException("An empty order cannot be submitted."),
                    _ => throw new InvalidOperationException($"Order {Id} was already {Status}."),
                };
            }

            public void MarkPaid() => Status = Status == OrderStatus{{n}}.Submitted ? OrderStatus{{n}}.Paid : throw new InvalidOperationException("Only submitted orders can be paid.");

            public void Cancel()
            {
                if (Status is OrderStatus{{n}}.Shipped or OrderStatus{{n}}.Cancelled)
                {
                    return;
                }

                Status = OrderStatus{{n}}.Cancelled;
            }
        }

        public interface IOrderRepository{{n}}
        {
            Task<Order{{n}}?> FindAsync(Guid id, CancellationToken cancellationToken);

            Task<IReadOnlyList<Order{{n}}>> ForCustomerAsync(string customerId, CancellationToken cancellationToken);

            Task SaveAsync(Order{{n}} order, CancellationToken cancellationToken);
        }

        public sealed class InMemoryOrderRepository{{n}} : IOrderRepository{{n}}
        {
            private readonly Dictionary<Guid, Order{{n}}> _orders = new();
            private readonly object _gate = new();

            public Task<Order{{n}}?> FindAsync(Guid id, CancellationToken cancellationToken)
            {
                cancellationToken.ThrowIfCancellationRequested();
                lock (_gate)
                {
                    return Task.FromResult(_orders.TryGetValue(id, out var order) ? order : null);
                }
            }

            public Task<IReadOnlyList<Order{{n}}>> ForCustomerAsync(string customerId, CancellationToken cancellationToken)
            {
                lock (_gate)
                {
                    IReadOnlyList<Order{{n}}> result = _orders.Values
                        .Where(o => string.Equals(o.CustomerId, customerId, StringComparison.OrdinalIgnoreCase))
                        .OrderByDescending(o => o.CreatedAt)
                        .ThenBy(o => o.Id)
                        .ToList();
                    return Task.FromResult(result);
                }
            }

            public Task SaveAsync(Order{{n}} order, CancellationToken cancellationToken)
            {
                lock (_gate)
                {
                    _orders[order.Id] = order;
                }

                return Task.CompletedTask;
            }
        }

        public sealed class PricingService{{n}}
        {
            private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
            private readonly IOrderRepository{{n}} _repository;
            private readonly decimal _loyaltyThreshold;

            public PricingService{{n}}(IOrderRepository{{n}} repository, decimal loyaltyThreshold = {{100 + n % 400}}m)
            {
                _repository = repository ?? throw new ArgumentNullException(nameof(repository));
                _loyaltyThreshold = loyaltyThreshold;
            }

            public async Task<decimal> QuoteAsync(Guid orderId, string? coupon, CancellationToken cancellationToken = default)
            {
                var order = await _repository.FindAsync(orderId, cancellationToken).ConfigureAwait(false)
                    ?? throw new KeyNotFoundException($"No order {orderId}.");
                var history = await _repository.ForCustomerAsync(order.CustomerId, cancellationToken).ConfigureAwait(false);
                var lifetime = history.Where(o => o.Status == OrderStatus{{n}}.Paid).Sum(o => o.Subtotal);

                var discount = coupon?.ToUpperInvariant() switch
                {
                    "WELCOME{{n % 10}}" => 0.10m,
                    "SPRING" when DateTimeOffset.UtcNow.Month is >= 3 and <= 5 => 0.05m,
                    null or "" => 0m,
                    _ => 0m,
                };

                if (lifetime > _loyaltyThreshold)
                {
                    discount += 0.02m;
                }

                var shipping = order.Subtotal >= 50m ? 0m : 4.95m;
                return Math.Round(order.Subtotal * (1 - Math.Min(discount, 0.25m)) + shipping, 2, MidpointRounding.AwayFromZero);
            }

            public string Describe(Order{{n}} order)
            {
                var lines = order.Lines.Select(l => string.Format(Invariant, "{0,-12} x{1,3} {2,10:N2}", l.Sku, l.Quantity, l.Total));
                return string.Join(Environment.NewLine, lines.Prepend($"Order {order.Id:N} ({order.Status})").Append($"Subtotal {order.Subtotal.ToString("N2", Invariant)}"));
            }

            public static IEnumerable<(string Sku, int Quantity)> TopSellers(IEnumerable<Order{{n}}> orders, int count)
                => orders.SelectMany(o => o.Lines)
                    .GroupBy(l => l.Sku)
                    .Select(g => (g.Key, g.Sum(l => l.Quantity)))
                    .OrderByDescending(t => t.Item2)
                    .Take(count);
        }
        """;

    public static string ReportWriter(int n) => $$"""
        using System;
        using System.Collections.Generic;
        using System.Globalization;
        using System.IO;
        using System.Linq;
        using System.Text;

        namespace Contoso.Reporting.Module{{n % 13}};

        public readonly record struct Measurement{{n}}(DateTime Timestamp, string Sensor, double Value);

        /// <summary>Reads and writes sensor exports in the plain CSV the operations team uses.</summary>
        public static class MeasurementCsv{{n}}
        {
            private const string Header = "timestamp,sensor,value";
            private const string DefaultExport = "exports/measurements-{{n}}.csv";

            public static IEnumerable<Measurement{{n}}> Parse(TextReader reader)
            {
                string? line;
                var number = 0;
                while ((line = reader.ReadLine()) is not null)
                {
                    number++;
                    if (number == 1 && line.StartsWith("timestamp", StringComparison.OrdinalIgnoreCase))
                    {
                        continue;
                    }

                    if (line.Length == 0 || line[0] == '#')
                    {
                        continue;
                    }

                    var parts = line.Split(',');
                    if (parts.Length != 3)
                    {
                        throw new FormatException($"Line {number}: expected 3 fields, found {parts.Length}.");
                    }

                    if (!DateTime.TryParse(parts[0], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var timestamp))
                    {
                        throw new FormatException($"Line {number}: '{parts[0]}' is not a timestamp.");
                    }

                    if (!double.TryParse(parts[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                    {
                        throw new FormatException($"Line {number}: '{parts[2]}' is not a number.");
                    }

                    yield return new Measurement{{n}}(timestamp, parts[1].Trim(), value);
                }
            }

            public static void Write(TextWriter writer, IEnumerable<Measurement{{n}}> measurements)
            {
                writer.WriteLine(Header);
                foreach (var m in measurements)
                {
                    writer.Write(m.Timestamp.ToString("O", CultureInfo.InvariantCulture));
                    writer.Write(',');
                    writer.Write(m.Sensor);
                    writer.Write(',');
                    writer.WriteLine(m.Value.ToString("R", CultureInfo.InvariantCulture));
                }
            }

            public static void Export(IEnumerable<Measurement{{n}}> measurements, string? path = null)
            {
                var target = path ?? DefaultExport;
                Directory.CreateDirectory(Path.GetDirectoryName(target) ?? ".");
                using var writer = new StreamWriter(target, append: false, Encoding.UTF8);
                Write(writer, measurements);
            }

            public static string LoadTemplate() => File.ReadAllText(Path.Combine("templates", "report-{{n % 5}}.html"));
        }

        public sealed class SummaryReport{{n}}
        {
            private readonly Dictionary<string, List<double>> _bySensor = new(StringComparer.Ordinal);

            public void Add(Measurement{{n}} measurement)
            {
                if (!_bySensor.TryGetValue(measurement.Sensor, out var values))
                {
                    values = new List<double>();
                    _bySensor.Add(measurement.Sensor, values);
                }

                values.Add(measurement.Value);
            }

            public IEnumerable<(string Sensor, double Mean, double P95, int Count)> Rows()
            {
                foreach (var pair in _bySensor.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    var sorted = pair.Value.OrderBy(v => v).ToArray();
                    var index = (int)Math.Ceiling(0.95 * sorted.Length) - 1;
                    yield return (pair.Key, sorted.Average(), sorted[Math.Clamp(index, 0, sorted.Length - 1)], sorted.Length);
                }
            }

            public string ToMarkdown()
            {
                var builder = new StringBuilder();
                builder.AppendLine("| sensor | mean | p95 | count |");
                builder.AppendLine("|---|---:|---:|---:|");
                foreach (var (sensor, mean, p95, count) in Rows())
                {
                    builder.Append("| ").Append(sensor.Replace("|", "\\|", StringComparison.Ordinal))
                        .Append(" | ").Append(mean.ToString("0.00", CultureInfo.InvariantCulture))
                        .Append(" | ").Append(p95.ToString("0.00", CultureInfo.InvariantCulture))
                        .Append(" | ").Append(count.ToString(CultureInfo.InvariantCulture))
                        .AppendLine(" |");
                }

                return builder.ToString();
            }

            public static double MovingAverage(IReadOnlyList<double> values, int window)
            {
                if (window <= 0 || window > values.Count)
                {
                    throw new ArgumentOutOfRangeException(nameof(window));
                }

                double sum = 0;
                for (var i = values.Count - window; i < values.Count; i++)
                {
                    sum += values[i];
                }

                return sum / window;
            }
        }
        """;

    public static string Routing(int n) => $$"""
        using System;
        using System.Collections.Generic;
        using System.Linq;

        namespace Contoso.Logistics.Module{{n % 11}};

        public sealed class RoadGraph{{n}}
        {
            private readonly Dictionary<string, List<(string To, double Kilometres)>> _edges = new(StringComparer.OrdinalIgnoreCase);

            public void AddRoad(string from, string to, double kilometres)
            {
                if (kilometres <= 0)
                {
                    throw new ArgumentOutOfRangeException(nameof(kilometres));
                }

                Add(from, to, kilometres);
                Add(to, from, kilometres);
            }

            private void Add(string from, string to, double kilometres)
            {
                if (!_edges.TryGetValue(from, out var list))
                {
                    _edges[from] = list = new List<(string, double)>();
                }

                list.Add((to, kilometres));
            }

            public (double Distance, IReadOnlyList<string> Path) ShortestPath(string from, string to)
            {
                var distances = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase) { [from] = 0 };
                var previous = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                var queue = new PriorityQueue<string, double>();
                queue.Enqueue(from, 0);

                while (queue.TryDequeue(out var current, out var distance))
                {
                    if (string.Equals(current, to, StringComparison.OrdinalIgnoreCase))
                    {
                        break;
                    }

                    if (distance > distances[current] || !_edges.TryGetValue(current, out var roads))
                    {
                        continue;
                    }

                    foreach (var (next, length) in roads)
                    {
                        var candidate = distance + length;
                        if (!distances.TryGetValue(next, out var known) || candidate < known)
                        {
                            distances[next] = candidate;
                            previous[next] = current;
                            queue.Enqueue(next, candidate);
                        }
                    }
                }

                if (!distances.TryGetValue(to, out var total))
                {
                    return (double.PositiveInfinity, Array.Empty<string>());
                }

                var path = new List<string> { to };
                while (previous.TryGetValue(path[^1], out var step))
                {
                    path.Add(step);
                }

                path.Reverse();
                return (total, path);
            }
        }

        public sealed class DeliveryPlanner{{n}}
        {
            private readonly RoadGraph{{n}} _graph;
            private readonly Random _jitter = new();

            public DeliveryPlanner{{n}}(RoadGraph{{n}} graph) => _graph = graph;

            /// <summary>Nearest-neighbour tour; good enough for a dozen stops.</summary>
            public IReadOnlyList<string> PlanTour(string depot, IEnumerable<string> stops)
            {
                var remaining = new HashSet<string>(stops, StringComparer.OrdinalIgnoreCase);
                var tour = new List<string> { depot };
                var current = depot;
                while (remaining.Count > 0)
                {
                    var next = remaining
                        .Select(s => (Stop: s, Distance: _graph.ShortestPath(current, s).Distance))
                        .OrderBy(t => t.Distance)
                        .ThenBy(t => t.Stop, StringComparer.Ordinal)
                        .First();
                    tour.Add(next.Stop);
                    remaining.Remove(next.Stop);
                    current = next.Stop;
                }

                tour.Add(depot);
                return tour;
            }

            /// <summary>Retry delay with jitter so that drivers' apps do not all call back at once.</summary>
            public TimeSpan RetryDelay(int attempt)
            {
                var baseDelay = TimeSpan.FromSeconds(Math.Pow(2, Math.Min(attempt, 6)));
                return baseDelay + TimeSpan.FromMilliseconds(_jitter.Next(0, 250));
            }

            public static int BinarySearch(IReadOnlyList<double> sorted, double value)
            {
                int lo = 0, hi = sorted.Count - 1;
                while (lo <= hi)
                {
                    var mid = lo + ((hi - lo) >> 1);
                    var cmp = sorted[mid].CompareTo(value);
                    if (cmp == 0)
                    {
                        return mid;
                    }

                    if (cmp < 0)
                    {
                        lo = mid + 1;
                    }
                    else
                    {
                        hi = mid - 1;
                    }
                }

                return ~lo;
            }

            public static IEnumerable<T[]> Batches<T>(IEnumerable<T> source, int size)
            {
                var batch = new List<T>(size);
                foreach (var item in source)
                {
                    batch.Add(item);
                    if (batch.Count == size)
                    {
                        yield return batch.ToArray();
                        batch.Clear();
                    }
                }

                if (batch.Count > 0)
                {
                    yield return batch.ToArray();
                }
            }
        }
        """;

    public static string Workflow(int n) => $$"""
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading.Tasks;

        namespace Contoso.Workflow.Module{{n % 7}};

        public enum TicketState{{n}} { New, Triaged, InProgress, Blocked, Resolved, Closed }

        public sealed class TicketChangedEventArgs{{n}} : EventArgs
        {
            public TicketChangedEventArgs{{n}}(TicketState{{n}} from, TicketState{{n}} to, string actor)
            {
                From = from;
                To = to;
                Actor = actor;
            }

            public TicketState{{n}} From { get; }

            public TicketState{{n}} To { get; }

            public string Actor { get; }
        }

        public sealed class Ticket{{n}}
        {
            private static readonly Dictionary<TicketState{{n}}, TicketState{{n}}[]> Allowed = new()
            {
                [TicketState{{n}}.New] = new[] { TicketState{{n}}.Triaged, TicketState{{n}}.Closed },
                [TicketState{{n}}.Triaged] = new[] { TicketState{{n}}.InProgress, TicketState{{n}}.Closed },
                [TicketState{{n}}.InProgress] = new[] { TicketState{{n}}.Blocked, TicketState{{n}}.Resolved },
                [TicketState{{n}}.Blocked] = new[] { TicketState{{n}}.InProgress, TicketState{{n}}.Closed },
                [TicketState{{n}}.Resolved] = new[] { TicketState{{n}}.Closed, TicketState{{n}}.InProgress },
                [TicketState{{n}}.Closed] = Array.Empty<TicketState{{n}}>(),
            };

            private readonly List<string> _history = new();

            public Ticket{{n}}(int id, string title, int priority)
            {
                Id = id;
                Title = title;
                Priority = Math.Clamp(priority, 1, 5);
            }

            public event EventHandler<TicketChangedEventArgs{{n}}>? Changed;

            public int Id { get; }

            public string Title { get; }

            public int Priority { get; private set; }

            public TicketState{{n}} State { get; private set; } = TicketState{{n}}.New;

            public IReadOnlyList<string> History => _history;

            public bool CanMoveTo(TicketState{{n}} next) => Allowed[State].Contains(next);

            public void MoveTo(TicketState{{n}} next, string actor)
            {
                if (!CanMoveTo(next))
                {
                    throw new InvalidOperationException($"Ticket {Id}: {State} -> {next} is not allowed.");
                }

                var from = State;
                State = next;
                _history.Add($"{DateTime.UtcNow:u} {actor}: {from} -> {next}");
                Changed?.Invoke(this, new TicketChangedEventArgs{{n}}(from, next, actor));
            }

            public void Escalate()
            {
                if (Priority > 1)
                {
                    Priority--;
                }
            }
        }

        public sealed class TicketBoard{{n}}
        {
            private readonly List<Ticket{{n}}> _tickets = new();
            private readonly Func<Ticket{{n}}, Task> _notify;

            public TicketBoard{{n}}(Func<Ticket{{n}}, Task> notify) => _notify = notify;

            public Ticket{{n}} Open(string title, int priority)
            {
                var ticket = new Ticket{{n}}(_tickets.Count + 1, title, priority);
                ticket.Changed += async (sender, e) =>
                {
                    if (e.To is TicketState{{n}}.Blocked or TicketState{{n}}.Resolved)
                    {
                        await _notify((Ticket{{n}})sender!).ConfigureAwait(false);
                    }
                };
                _tickets.Add(ticket);
                return ticket;
            }

            public IEnumerable<IGrouping<TicketState{{n}}, Ticket{{n}}>> Columns()
                => _tickets.OrderBy(t => t.Priority).ThenBy(t => t.Id).GroupBy(t => t.State);

            public int EscalateStale(TimeSpan age, Func<Ticket{{n}}, DateTime> lastChange)
            {
                var count = 0;
                foreach (var ticket in _tickets.Where(t => t.State is TicketState{{n}}.InProgress or TicketState{{n}}.Blocked))
                {
                    if (DateTime.UtcNow - lastChange(ticket) > age)
                    {
                        ticket.Escalate();
                        count++;
                    }
                }

                return count;
            }

            public string Burndown(int days)
            {
                var open = _tickets.Count(t => t.State != TicketState{{n}}.Closed);
                var perDay = days <= 0 ? open : (double)open / days;
                return perDay switch
                {
                    < 1 => "on track",
                    < 3 => $"{perDay:0.0} tickets a day to close",
                    _ => "at risk",
                };
            }
        }
        """;

    public static string Caching(int n) => $$"""
        using System;
        using System.Collections.Concurrent;
        using System.Collections.Generic;
        using System.Diagnostics;
        using System.Threading;
        using System.Threading.Tasks;

        namespace Contoso.Infrastructure.Module{{n % 19}};

        public sealed class ExpiringCache{{n}}<TKey, TValue> : IDisposable
            where TKey : notnull
        {
            private readonly ConcurrentDictionary<TKey, (TValue Value, long ExpiresAt)> _entries = new();
            private readonly TimeSpan _lifetime;
            private readonly Timer _sweeper;
            private readonly Func<long> _clock;
            private int _hits;
            private int _misses;

            public ExpiringCache{{n}}(TimeSpan lifetime, Func<long>? clock = null)
            {
                if (lifetime <= TimeSpan.Zero)
                {
                    throw new ArgumentOutOfRangeException(nameof(lifetime));
                }

                _lifetime = lifetime;
                _clock = clock ?? Stopwatch.GetTimestamp;
                _sweeper = new Timer(_ => Sweep(), null, TimeSpan.FromSeconds({{30 + n % 30}}), TimeSpan.FromSeconds({{30 + n % 30}}));
            }

            public double HitRatio => _hits + _misses == 0 ? 0 : (double)_hits / (_hits + _misses);

            public async Task<TValue> GetOrAddAsync(TKey key, Func<TKey, Task<TValue>> factory)
            {
                var now = _clock();
                if (_entries.TryGetValue(key, out var entry) && entry.ExpiresAt > now)
                {
                    Interlocked.Increment(ref _hits);
                    return entry.Value;
                }

                Interlocked.Increment(ref _misses);
                var value = await factory(key).ConfigureAwait(false);
                var ticks = (long)(_lifetime.TotalSeconds * Stopwatch.Frequency);
                _entries[key] = (value, now + ticks);
                return value;
            }

            public bool Invalidate(TKey key) => _entries.TryRemove(key, out _);

            private void Sweep()
            {
                var now = _clock();
                foreach (var pair in _entries)
                {
                    if (pair.Value.ExpiresAt <= now)
                    {
                        _entries.TryRemove(pair.Key, out _);
                    }
                }
            }

            public void Dispose() => _sweeper.Dispose();
        }

        public sealed class CircuitBreaker{{n}}
        {
            private readonly int _threshold;
            private readonly TimeSpan _openFor;
            private int _failures;
            private DateTime _openedAt = DateTime.MinValue;

            public CircuitBreaker{{n}}(int threshold = {{3 + n % 5}}, TimeSpan? openFor = null)
            {
                _threshold = threshold;
                _openFor = openFor ?? TimeSpan.FromSeconds(15);
            }

            public bool IsOpen => _failures >= _threshold && DateTime.UtcNow - _openedAt < _openFor;

            public async Task<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> action, CancellationToken cancellationToken)
            {
                if (IsOpen)
                {
                    throw new InvalidOperationException("The circuit is open; try again later.");
                }

                try
                {
                    var result = await action(cancellationToken).ConfigureAwait(false);
                    Interlocked.Exchange(ref _failures, 0);
                    return result;
                }
                catch (Exception ex) when (ex is TimeoutException or System.Net.Http.HttpRequestException)
                {
                    if (Interlocked.Increment(ref _failures) >= _threshold)
                    {
                        _openedAt = DateTime.UtcNow;
                    }

                    throw;
                }
            }
        }

        public static class Settings{{n}}
        {
            private static readonly Lazy<IReadOnlyDictionary<string, string>> Values = new(Load);

            public static string Get(string key, string fallback) => Values.Value.TryGetValue(key, out var value) ? value : fallback;

            public static int GetInt(string key, int fallback) => int.TryParse(Get(key, string.Empty), out var value) ? value : fallback;

            private static IReadOnlyDictionary<string, string> Load()
            {
                var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
                {
                    var name = (string)entry.Key;
                    if (name.StartsWith("CONTOSO_", StringComparison.Ordinal))
                    {
                        result[name.Substring(8).Replace("__", ":", StringComparison.Ordinal)] = (string?)entry.Value ?? string.Empty;
                    }
                }

                return result;
            }
        }
        """;
}
