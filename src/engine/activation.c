/* Activation functions as a table of {name, forward, derivative, sup f'}
 * (kann's kad_op_list): the cells look an activation up once and loop over
 * whole arrays, never switching per element; σ and tanh take the vector
 * path of vecmath.c. */
#include <math.h>

#include "rnnscope/engine.h"
#include "vecmath.h"

/* σ(a) = 1/(1+e^−a); σ' = σ(1−σ) ≤ ¼, reached at a = 0. */
static void sigmoid_forward(double *h, const double *a, size_t n, double slope)
{
    (void)slope;
    rs_vec_sigmoid(h, a, n);
}
static void sigmoid_derivative(double *df, const double *a, const double *h, size_t n, double slope)
{
    (void)a, (void)slope;
    for (size_t i = 0; i < n; i++)
        df[i] = h[i] * (1.0 - h[i]);
}
static double sigmoid_sup(double slope) { (void)slope; return 0.25; }

/* tanh' = 1 − tanh² ≤ 1. */
static void tanh_forward(double *h, const double *a, size_t n, double slope)
{
    (void)slope;
    rs_vec_tanh(h, a, n);
}
static void tanh_derivative(double *df, const double *a, const double *h, size_t n, double slope)
{
    (void)a, (void)slope;
    for (size_t i = 0; i < n; i++)
        df[i] = 1.0 - h[i] * h[i];
}
static double one_sup(double slope) { (void)slope; return 1.0; }

/* relu' is 1 for a > 0 and 0 otherwise (0 at a = 0, DESIGN §2). */
static void relu_forward(double *h, const double *a, size_t n, double slope)
{
    (void)slope;
    for (size_t i = 0; i < n; i++)
        h[i] = a[i] > 0.0 ? a[i] : 0.0;
}
static void relu_derivative(double *df, const double *a, const double *h, size_t n, double slope)
{
    (void)h, (void)slope;
    for (size_t i = 0; i < n; i++)
        df[i] = a[i] > 0.0 ? 1.0 : 0.0;
}

/* leaky relu: a for a > 0, slope·a otherwise; its derivative at 0 is slope. */
static void leaky_forward(double *h, const double *a, size_t n, double slope)
{
    for (size_t i = 0; i < n; i++)
        h[i] = a[i] > 0.0 ? a[i] : slope * a[i];
}
static void leaky_derivative(double *df, const double *a, const double *h, size_t n, double slope)
{
    (void)h;
    for (size_t i = 0; i < n; i++)
        df[i] = a[i] > 0.0 ? 1.0 : slope;
}
static double leaky_sup(double slope) { return slope > 1.0 ? slope : 1.0; }

const rs_activation_op rs_activation_ops[RS_ACTIVATION_COUNT] = {
    [RS_SIGMOID] = {"sigmoid", sigmoid_forward, sigmoid_derivative, sigmoid_sup},
    [RS_TANH] = {"tanh", tanh_forward, tanh_derivative, one_sup},
    [RS_RELU] = {"relu", relu_forward, relu_derivative, one_sup},
    [RS_LEAKY_RELU] = {"leaky_relu", leaky_forward, leaky_derivative, leaky_sup},
};
