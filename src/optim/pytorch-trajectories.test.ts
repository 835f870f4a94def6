// Trajectories of the first-order optimizers on one fixed objective, equal to PyTorch 1.13's.
// Generated once with Debian's python3-torch 1.13 (float64, 8 steps from w = [1, −2, 0.5]) on
//   f(w) = (w₀ − 0.5)² + 2(w₁ + 1)² + w₂⁴ + w₀w₁,
// e.g. torch.optim.RAdam([w], lr=0.1, weight_decay=0.1); NAdam with foreach=True (see nadam.ts).
// Adam/AdamW/RMSprop/Adagrad: the same objective with torch's autograd gradients (f(w).backward()).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tensor } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { expectClose } from '../testing/expect-close.js';
import { Adadelta } from './adadelta.js';
import { Adagrad } from './adagrad.js';
import { Adam } from './adam.js';
import { Adamax } from './adamax.js';
import { AdamW } from './adamw.js';
import { LBFGS } from './lbfgs.js';
import { NAdam } from './nadam.js';
import type { Optimizer } from './optimizer.js';
import { RAdam } from './radam.js';
import { RMSprop } from './rmsprop.js';
import { ReduceLROnPlateau } from './schedules/reduce-lr-on-plateau.js';

// ∇f = [2(w₀ − 0.5) + w₁, 4(w₁ + 1) + w₀, 4w₂³]
function gradient([a, b, c]: number[]): number[] {
  return [2 * (a! - 0.5) + b!, 4 * (b! + 1) + a!, 4 * c! ** 3];
}

function trajectory(make: (w: Tensor) => Optimizer, steps = 8): number[][] {
  const w = tensor([1, -2, 0.5], { dtype: 'float64', requiresGrad: true });
  const opt = make(w);
  const out: number[][] = [];
  for (let i = 0; i < steps; i++) {
    w.grad = tensor(gradient([...w.data()]), { dtype: 'float64' });
    opt.step();
    out.push([...w.data()]);
  }
  return out;
}

test('Adadelta (lr 1, rho 0.9, eps 1e-6, weightDecay 0.1) follows PyTorch 1.13', () => {
  const got = trajectory((w) => new Adadelta([w], { lr: 1, rho: 0.9, eps: 1e-6, weightDecay: 0.1 }));
  expectClose(
    got,
    [
      [1.0031622581401167, -1.9968377238839115, 0.496837774607588],
      [1.0063897816192238, -1.9936010734394034, 0.49362101010594983],
      [1.0096500571779097, -1.9903188987870655, 0.49038603173705925],
      [1.0129267109881661, -1.9870055320776239, 0.4871508526643195],
      [1.0162098617255297, -1.983669534968599, 0.48392600216528214],
      [1.0194928982929825, -1.98031659171338, 0.4807181983029602],
      [1.0227710937037653, -1.9769507437863414, 0.4775319484477742],
      [1.0260409087689117, -1.9735750057497314, 0.47437036271975014],
    ],
    { rtol: 1e-12, atol: 1e-14 },
  );
});

test('Adamax (lr 0.1, betas (0.8, 0.99), weightDecay 0.1) follows PyTorch 1.13', () => {
  const got = trajectory((w) => new Adamax([w], { lr: 0.1, betas: [0.8, 0.99], weightDecay: 0.1 }));
  expectClose(
    got,
    [
      [1.0999999988888889, -1.9000000003125, 0.4000000018181818],
      [1.1816810057532285, -1.8079335022417558, 0.3249056246841231],
      [1.245538443491241, -1.7238989407062428, 0.2672391751828723],
      [1.2923903545595772, -1.6478870313026974, 0.22217999731261434],
      [1.3233617979880512, -1.5797802087746475, 0.18648400160001535],
      [1.3398552381333402, -1.5193562870863195, 0.1578900378551294],
      [1.3435080007424316, -1.466296218202607, 0.1347755691972034],
      [1.3361387963110363, -1.420195553491562, 0.11594769422693006],
    ],
    { rtol: 1e-12, atol: 1e-14 },
  );
});

test('NAdam (lr 0.1, weightDecay 0.1, momentumDecay 4e-3) follows PyTorch 1.13', () => {
  const got = trajectory((w) => new NAdam([w], { lr: 0.1, weightDecay: 0.1, momentumDecay: 4e-3 }));
  expectClose(
    got,
    [
      [1.1056451766617035, -1.8943548224946023, 0.39435482408528255],
      [1.1670726397335187, -1.8226696182362572, 0.34069125725926985],
      [1.2132106421145823, -1.7594160918438322, 0.29840224961301903],
      [1.2476477559198127, -1.69974336050693, 0.2618018374125246],
      [1.2702479253882404, -1.6425106423848126, 0.22914256200221667],
      [1.2807339363003027, -1.5876543197406308, 0.19964918541329246],
      [1.2798005283852603, -1.535445773687884, 0.17285829915817766],
      [1.269188257522877, -1.4862337914643895, 0.14843252744701416],
    ],
    { rtol: 1e-12, atol: 1e-14 },
  );
});

test("NAdam's defaults (lr 2e-3) follow PyTorch 1.13", () => {
  const got = trajectory((w) => new NAdam([w]));
  expectClose(
    got.slice(-2),
    [
      [1.0111448472527382, -1.9888282348181352, 0.48891434654557175],
      [1.0127398613205771, -1.9872245089326053, 0.4873381464733825],
    ],
    { rtol: 1e-12, atol: 1e-14 },
  );
});

test('RAdam (lr 0.1, weightDecay 0.1) follows PyTorch 1.13: momentum steps while ρₜ ≤ 5, then rectified', () => {
  // With β₂ = 0.999, ρₜ first exceeds 5 at step 6 (the step size shrinks there).
  const got = trajectory((w) => new RAdam([w], { lr: 0.1, weightDecay: 0.1 }));
  expectClose(
    got,
    [
      [1.09, -1.68, 0.445],
      [1.1532105263157895, -1.4337894736842105, 0.3980534473684211],
      [1.1935406875121384, -1.251666731404156, 0.35765226022067037],
      [1.2147353347702836, -1.1242963738741931, 0.3226378160444685],
      [1.2203358743943087, -1.0428058184781395, 0.29210532638423636],
      [1.219987919238052, -1.0420938660717451, 0.28998362551584456],
      [1.2189811341531278, -1.0417195651742763, 0.28740332754323966],
      [1.2173018391039006, -1.041781654912828, 0.28445165515461274],
    ],
    { rtol: 1e-12, atol: 1e-14 },
  );
});

test('RAdam with betas (0.9, 0.9) follows PyTorch 1.13', () => {
  const got = trajectory((w) => new RAdam([w], { lr: 0.1, betas: [0.9, 0.9] }));
  expectClose(
    got.slice(4),
    [
      [1.272071928661376, -1.0978410493987094, 0.3099079189281292],
      [1.2735807280169165, -1.0898647444649427, 0.28714531071775395],
      [1.269104912080736, -1.0855568474034998, 0.258650849492258],
      [1.2580858499671803, -1.0863442485382293, 0.22608171202195387],
    ],
    { rtol: 1e-12, atol: 1e-14 },
  );
});

test('Adam with AMSGrad (lr 0.1, betas (0.8, 0.99), weightDecay 0.1) follows PyTorch 1.13', () => {
  const got = trajectory(
    (w) => new Adam([w], { lr: 0.1, betas: [0.8, 0.99], weightDecay: 0.1, amsgrad: true }),
  );
  expectClose(
    got,
    [
      [1.0999999988888889, -1.9000000003125, 0.4000000018181818],
      [1.1957362469140098, -1.8012886310892011, 0.30729027495741845],
      [1.2812160155673071, -1.705058098475344, 0.22562619088844488],
      [1.347202608587568, -1.6127598737737485, 0.15624237181155848],
      [1.3856611523313793, -1.5260253243533852, 0.0986869842534207],
      [1.3933355657084157, -1.446504830785029, 0.05142999848292332],
      [1.3740459990299803, -1.3756612116274187, 0.012809806830918972],
      [1.334388758153357, -1.3148203070982414, -0.018612484086846737],
    ],
    { rtol: 1e-12, atol: 1e-14 },
  );
});

test('AdamW (lr 0.1, betas (0.8, 0.99), weightDecay 0.1, decoupled) follows PyTorch 1.13', () => {
  const got = trajectory((w) => new AdamW([w], { lr: 0.1, betas: [0.8, 0.99], weightDecay: 0.1 }));
  expectClose(
    got,
    [
      [1.089999999, -1.8800000003333333, 0.39500000199999996],
      [1.1757305441515569, -1.7628551100526115, 0.2997924724703451],
      [1.2529983019673228, -1.6501599683664336, 0.21836603004319632],
      [1.3157536367122264, -1.5439460221504269, 0.15132551137834482],
      [1.3572224221212712, -1.4466069044765786, 0.09712423461321677],
      [1.3729132795506422, -1.3606339434623023, 0.05354264501890685],
      [1.3630173764114282, -1.2881747665248935, 0.018469746517832987],
      [1.3316246648230377, -1.2305704358415512, -0.009838493216737073],
    ],
    { rtol: 1e-12, atol: 1e-14 },
  );
});

test('RMSprop centered with momentum (lr 0.01, alpha 0.9, momentum 0.5, weightDecay 0.1) follows PyTorch 1.13', () => {
  const got = trajectory(
    (w) => new RMSprop([w], { lr: 0.01, alpha: 0.9, momentum: 0.5, centered: true, weightDecay: 0.1 }),
  );
  expectClose(
    got,
    [
      [1.0333333320987654, -1.9666666670138888, 0.46666666868686857],
      [1.073960141040043, -1.9251806796978652, 0.4269847445669975],
      [1.113386488401693, -1.8833550214715935, 0.3896450308847499],
      [1.1488022310160406, -1.8435153546161382, 0.35702142088523536],
      [1.1794109740527943, -1.806067547730344, 0.32918684139620435],
      [1.2050846139731448, -1.7707923455556907, 0.30548677434362065],
      [1.225887683680634, -1.7373286712747602, 0.2851466428551235],
      [1.2419545969352863, -1.7053445245238845, 0.26747995334690616],
    ],
    { rtol: 1e-12, atol: 1e-14 },
  );
});

test('Adagrad (lr 0.1, weightDecay 0.1) follows PyTorch 1.13', () => {
  const got = trajectory((w) => new Adagrad([w], { lr: 0.1, weightDecay: 0.1 }));
  expectClose(
    got,
    [
      [1.099999999988889, -1.900000000003125, 0.4000000000181818],
      [1.1548250429682032, -1.835652745827382, 0.35260911384628896],
      [1.1904668817842528, -1.7863131634237015, 0.32065509225274585],
      [1.2145923130873024, -1.7457416386833708, 0.29651841200866025],
      [1.2308129027239363, -1.7110825417052005, 0.27717232326464025],
      [1.241262340432733, -1.6807477368331831, 0.26107839589734383],
      [1.2473776186692778, -1.653746248445224, 0.24734013666129645],
      [1.2502034416185435, -1.6294109618076253, 0.23538694080440373],
    ],
    { rtol: 1e-12, atol: 1e-14 },
  );
});

test('the defaults are PyTorch 1.13 defaults', () => {
  const w = tensor([1], { requiresGrad: true });
  const { params: _a, ...adadelta } = new Adadelta([w]).paramGroups[0]!;
  assert.deepEqual(adadelta, { lr: 1, rho: 0.9, eps: 1e-6, weightDecay: 0 });
  const { params: _b, ...adamax } = new Adamax([w]).paramGroups[0]!;
  assert.deepEqual(adamax, { lr: 2e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0 });
  const { params: _c, ...nadam } = new NAdam([w]).paramGroups[0]!;
  assert.deepEqual(nadam, { lr: 2e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, momentumDecay: 4e-3 });
  const { params: _d, ...radam } = new RAdam([w]).paramGroups[0]!;
  assert.deepEqual(radam, { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0 });
});

test('bad hyperparameters are ValueErrors naming the optimizer and the argument', () => {
  const w = tensor([1], { requiresGrad: true });
  assert.throws(() => new Adadelta([w], { rho: 1 }), {
    name: 'ValueError',
    message: 'Adadelta: rho must be in [0, 1), got 1',
  });
  assert.throws(() => new Adamax([w], { betas: [0.9, 1.5] }), {
    message: 'Adamax: betas[1] must be in [0, 1), got 1.5',
  });
  assert.throws(() => new NAdam([w], { momentumDecay: -1 }), {
    message: 'NAdam: momentumDecay must be a finite number ≥ 0, got -1',
  });
  assert.throws(() => new RAdam([w], { lr: Number.NaN }), {
    message: 'RAdam: lr must be a finite number ≥ 0, got NaN',
  });
});

test('misspelt options are refused with the name meant (checkOptionKeys)', () => {
  const w = tensor([1], { requiresGrad: true });
  assert.throws(
    () => new NAdam([w], { momentum_decay: 0.1 } as never),
    /NAdam: unknown option 'momentum_decay'; did you mean 'momentumDecay'\?/,
  );
  assert.throws(
    () => new LBFGS([w], { history_size: 3 } as never),
    /LBFGS: unknown option 'history_size'; did you mean 'historySize'\?/,
  );
  assert.throws(
    () => new ReduceLROnPlateau(new NAdam([w]), { min_lr: 0 } as never),
    /ReduceLROnPlateau: unknown option 'min_lr'/,
  );
});

test('a resumed NAdam / RAdam / Adamax / Adadelta continues exactly as the original', () => {
  const makers: ((w: Tensor) => Optimizer)[] = [
    (w) => new NAdam([w], { lr: 0.1 }),
    (w) => new RAdam([w], { lr: 0.1 }),
    (w) => new Adamax([w], { lr: 0.1 }),
    (w) => new Adadelta([w]),
  ];
  for (const make of makers) {
    const full = trajectory(make, 8);
    const w = tensor([1, -2, 0.5], { dtype: 'float64', requiresGrad: true });
    const first = make(w);
    for (let i = 0; i < 4; i++) {
      w.grad = tensor(gradient([...w.data()]), { dtype: 'float64' });
      first.step();
    }
    const saved = JSON.parse(JSON.stringify(first.stateDict().paramGroups));
    const resumed = make(w);
    resumed.loadStateDict({ paramGroups: saved, state: first.stateDict().state });
    for (let i = 4; i < 8; i++) {
      w.grad = tensor(gradient([...w.data()]), { dtype: 'float64' });
      resumed.step();
    }
    assert.deepEqual([...w.data()], full[7]);
  }
});
