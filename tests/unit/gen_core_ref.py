# Exact reference values for test_core.c test_timestamps_exact: python3 tests/unit/gen_core_ref.py
from fractions import Fraction as F
import mpmath
mpmath.mp.dps = 50
n = 1000
xs = [F(1700000000 + 37*i) for i in range(n)]
ys = [F(i*3 + (i*7919) % 13 * 5, 64) for i in range(n)]
mx = sum(xs)/n; my = sum(ys)/n
sxx = sum((x-mx)**2 for x in xs); sxy = sum((x-mx)*(y-my) for x,y in zip(xs,ys)); syy = sum((y-my)**2 for y in ys)
b = sxy/sxx; a = my - b*mx
sse = syy - sxy**2/sxx
df = n-2
s2 = sse/df
def f(q): return mpmath.mpf(q.numerator)/q.denominator
print("slope %.17g" % float(b)); print("intercept %.17g" % float(a))
print("sigma %.17g" % float(mpmath.sqrt(f(s2))))
print("se_b %.17g" % float(mpmath.sqrt(f(s2/sxx))))
print("se_a %.17g" % float(mpmath.sqrt(f(s2*(F(1,n)+mx**2/sxx)))))
print("r2 %.17g" % float(sxy**2/(sxx*syy)))
print("sse %.17g" % float(sse))
